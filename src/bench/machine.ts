// Describes the machine a benchmark ran on, so results from two devices can be told apart.
import { cpus, totalmem, platform, arch, release } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    node: process.version,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
  };
}
