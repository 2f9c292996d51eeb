// An in-memory PeerTransport: every node in one process joins one hub. Used by the in-process
// tests and as the reference behaviour the network transports must match (delivery to every
// other subscriber, no echo to the sender, fetches answered from the target's served data).
import type { Topic } from './messages.js';
import type { PeerTransport, ServedChunk, ServedData } from './ports.js';

type Handler = (message: Uint8Array, from: string) => void;

interface Member {
  handlers: Map<Topic, Set<Handler>>;
  served?: ServedData;
}

export class MemoryHub {
  private readonly members = new Map<string, Member>();
  private nextId = 1;

  /** A new transport on this hub; `name` makes the id readable in logs. */
  join(name = 'peer'): PeerTransport {
    const peerId = `${name}-${this.nextId++}`;
    const member: Member = { handlers: new Map() };
    this.members.set(peerId, member);
    const hub = this;
    const copy = (b: Uint8Array) => b.slice();
    return {
      peerId,
      kind: 'memory',
      async publish(topic, message) {
        const bytes = copy(message);
        for (const [id, m] of hub.members) {
          if (id === peerId) continue;
          for (const h of m.handlers.get(topic) ?? []) setTimeout(() => h(copy(bytes), peerId), 0);
        }
      },
      subscribe(topic, handler) {
        let set = member.handlers.get(topic);
        if (!set) member.handlers.set(topic, (set = new Set()));
        set.add(handler);
        return () => set.delete(handler);
      },
      serve(data) {
        member.served = data;
      },
      peers: () => [...hub.members.keys()].filter((id) => id !== peerId),
      async fetchChunk(peer, commitment, index): Promise<ServedChunk | undefined> {
        const c = hub.members.get(peer)?.served?.chunk(commitment, index);
        return c && { chunk: copy(c.chunk), proof: copy(c.proof) };
      },
      async fetchPayload(peer, commitment, node) {
        const p = hub.members.get(peer)?.served?.payload(commitment, node);
        return p && copy(p);
      },
      async close() {
        hub.members.delete(peerId);
      },
    };
  }
}
