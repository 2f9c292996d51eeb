// Busy-port check for the devnet: before anything is opened or built, each port it will listen on
// is bound once and released, so a second `npm start` stops with one line instead of a stack trace.
import { createServer } from 'node:net';

export class PortBusyError extends Error {
  override name = 'PortBusyError';
}

function probe(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** Throws PortBusyError naming the first port (and its variable) that cannot be bound on `host`. */
export async function assertPortsFree(
  host: string,
  ports: ReadonlyArray<{ name: string; port: number }>,
): Promise<void> {
  for (const { name, port } of ports) {
    const error = await probe(host, port);
    if (error?.code === 'EADDRINUSE')
      throw new PortBusyError(
        `port ${port} (${name}) on ${host} is already in use (another npm start?); stop it or set ${name}`,
      );
    if (error) throw new PortBusyError(`port ${port} (${name}) on ${host} cannot be used: ${error.message}`);
  }
}
