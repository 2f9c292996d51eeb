// The slice of snarkjs's JS API the iden3 export test uses (snarkjs ships no types).
declare module 'snarkjs' {
  interface Logger {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
    debug(message: string): void;
  }
  export const r1cs: {
    info(
      file: string,
      logger?: Logger,
    ): Promise<{
      prime: bigint;
      nVars: number;
      nConstraints: number;
      nOutputs: number;
      nPubInputs: number;
      nPrvInputs: number;
      nLabels: number;
    }>;
  };
  export const wtns: { check(r1csFile: string, wtnsFile: string, logger?: Logger): Promise<boolean> };
}
