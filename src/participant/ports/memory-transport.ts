// The PeerTransport port in one process: a hub connects every started transport to every other
// (a full mesh). Messages are copied on the way, so no peer can mutate another's bytes.
import {
  NoProviderError,
  PEER_SCORE,
  TransportStoppedError,
  abortable,
  assertTopic,
  type ChunkProvider,
  type ChunkRequest,
  type ChunkResponse,
  type GossipHandler,
  type PayloadProvider,
  type PayloadRequest,
  type PeerId,
  type PeerOffence,
  type PeerTransport,
  type RequestOptions,
  type Topic,
} from './transport.js';

export class MemoryHub {
  private readonly members = new Map<PeerId, MemoryTransport>();
  private nextId = 1;

  /** A new transport on this hub (not yet started). */
  transport(peerId: PeerId = `memory-peer-${this.nextId++}`): MemoryTransport {
    return new MemoryTransport(this, peerId);
  }

  /** @internal */ join(t: MemoryTransport): void {
    this.members.set(t.peerId, t);
  }
  /** @internal */ leave(t: MemoryTransport): void {
    this.members.delete(t.peerId);
  }
  /** @internal */ others(self: PeerId): MemoryTransport[] {
    return [...this.members.values()].filter((t) => t.peerId !== self);
  }
  /** @internal */ get(peer: PeerId): MemoryTransport | undefined {
    return this.members.get(peer);
  }
}

export class MemoryTransport implements PeerTransport {
  private running = false;
  private readonly handlers = new Map<Topic, Set<GossipHandler>>();
  private chunkProvider: ChunkProvider | undefined;
  private payloadProvider: PayloadProvider | undefined;
  private readonly scores = new Map<PeerId, number>();

  constructor(
    private readonly hub: MemoryHub,
    readonly peerId: PeerId,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.hub.join(this);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.hub.leave(this);
  }

  private assertRunning(): void {
    if (!this.running) throw new TransportStoppedError(`transport ${this.peerId} is stopped`);
  }

  /** A peer's current score (0 unless reported). */
  score(peer: PeerId): number {
    return this.scores.get(peer) ?? 0;
  }

  private banned(peer: PeerId): boolean {
    return this.score(peer) <= PEER_SCORE.banAt;
  }

  /** Connected in both directions: neither side has banned the other. */
  private connected(other: MemoryTransport): boolean {
    return !this.banned(other.peerId) && !other.banned(this.peerId);
  }

  peers(): PeerId[] {
    this.assertRunning();
    return this.hub
      .others(this.peerId)
      .filter((t) => this.connected(t))
      .map((t) => t.peerId);
  }

  async publish(topic: Topic, data: Uint8Array): Promise<void> {
    this.assertRunning();
    assertTopic(topic);
    for (const peer of this.hub.others(this.peerId)) {
      if (this.connected(peer)) peer.deliver(topic, data.slice(), this.peerId);
    }
  }

  private deliver(topic: Topic, data: Uint8Array, from: PeerId): void {
    // Asynchronous like a real network: the publisher never runs a subscriber's code.
    queueMicrotask(() => {
      if (!this.running) return;
      for (const h of this.handlers.get(topic) ?? []) h({ topic, data, from });
    });
  }

  subscribe(topic: Topic, handler: GossipHandler): () => void {
    this.assertRunning();
    assertTopic(topic);
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  serveChunks(provider: ChunkProvider): void {
    this.assertRunning();
    this.chunkProvider = provider;
  }

  servePayloads(provider: PayloadProvider): void {
    this.assertRunning();
    this.payloadProvider = provider;
  }

  private candidates(options: RequestOptions | undefined): MemoryTransport[] {
    const peers = this.hub.others(this.peerId).filter((t) => this.connected(t));
    return options?.peer === undefined ? peers : peers.filter((t) => t.peerId === options.peer);
  }

  async fetchChunk(request: ChunkRequest, options?: RequestOptions): Promise<ChunkResponse & { from: PeerId }> {
    this.assertRunning();
    return abortable(
      (async () => {
        for (const peer of this.candidates(options)) {
          const answer = await peer.chunkProvider?.(
            { commitment: request.commitment.slice(), index: request.index },
            this.peerId,
          );
          options?.signal?.throwIfAborted();
          if (answer)
            return {
              chunk: answer.chunk.slice(),
              proof: { ...answer.proof, siblings: answer.proof.siblings.map((s) => s.slice()) },
              from: peer.peerId,
            };
        }
        throw new NoProviderError(`no peer has chunk ${request.index} of this block`);
      })(),
      options?.signal,
    );
  }

  async fetchPayload(request: PayloadRequest, options?: RequestOptions): Promise<{ bytes: Uint8Array; from: PeerId }> {
    this.assertRunning();
    return abortable(
      (async () => {
        for (const peer of this.candidates(options)) {
          const answer = await peer.payloadProvider?.(
            { ...request, commitment: request.commitment.slice() },
            this.peerId,
          );
          options?.signal?.throwIfAborted();
          if (answer) return { bytes: answer.slice(), from: peer.peerId };
        }
        throw new NoProviderError(`no peer has the payload of node ${request.level}/${request.index}`);
      })(),
      options?.signal,
    );
  }

  reportPeer(peer: PeerId, offence: PeerOffence): void {
    this.scores.set(peer, this.score(peer) + PEER_SCORE.penalty[offence]);
  }
}
