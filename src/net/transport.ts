// The libp2p implementation of the participant's PeerTransport port: gossip with peer-link checks,
// the transcript and payload request protocols over direct WebRTC connections, peer scoring and
// bans, relay reconnection. Browser-safe; the same class runs in a page and in a headless Node peer.
// Beyond the port it offers the verified, parallel chunk fetch (fetchChunks) and a payload fetch
// that runs the caller's opening check (fetchCheckedPayload).
import type { Message, TopicValidatorResult as TopicValidatorResultT } from '@libp2p/gossipsub';
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import type { Multiaddr } from '@multiformats/multiaddr';
import { bytesToHex, equalBytes } from '@noble/curves/utils.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { publicKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPublicKey } from '@libp2p/peer-id';
import {
  NoProviderError,
  TOPICS,
  TransportStoppedError,
  abortable,
  assertTopic,
} from '../participant/ports/transport.js';
import type {
  ChunkProvider,
  ChunkRequest as PortChunkRequest,
  ChunkResponse as PortChunkResponse,
  GossipHandler,
  PayloadProvider,
  PayloadRequest,
  PeerOffence,
  PeerTransport,
  RequestOptions,
  Topic,
} from '../participant/ports/transport.js';
import { assertPeerLink, decodePeerLink, encodePeerLink } from '../protocol/peer-link.js';
import type { PeerLink } from '../protocol/peer-link.js';
import { TranscriptInclusionError } from '../rollup/errors.js';
import {
  checkTranscriptChunk,
  decodeInclusionProof,
  encodeInclusionProof,
  transcriptInclusionProof,
} from '../rollup/transcript.js';
import type { Transcript, TranscriptInclusionProof } from '../rollup/transcript.js';
import { FetchFailedError, NetError, NotConnectedError, PeerMessageError, PeerRefusedError } from './errors.js';
import type { NetRejectReason } from './errors.js';
import { describeError, scheduleFetch } from './fetch-scheduler.js';
import type { FetchAttempt } from './fetch-scheduler.js';
import { ADDRESSES_TOPIC, DEFAULT_LIMITS, NET_TOPICS, PAYLOAD_PROTOCOL, TRANSCRIPT_PROTOCOL } from './limits.js';
import type { NetLimits } from './limits.js';
import { createNetNode, randomPeerSecretKey, webRtcAddresses } from './node.js';
import type { NetLibp2p, NetNodeOptions } from './node.js';
import { DEFAULT_SCORE_OPTIONS, OFFENCE_OF, PeerScores } from './scores.js';
import type { PeerPenalty, ScoreOptions } from './scores.js';
import { boundedStream } from './stream-io.js';
import {
  decodeAddresses,
  decodeChunkRequest,
  decodeChunkResponse,
  decodePayloadHead,
  decodePayloadRequest,
  encodeAddresses,
  encodeChunkRequest,
  encodeChunkResponse,
  encodePayloadHead,
  encodePayloadRequest,
} from './wire.js';
import type { PayloadKey } from './wire.js';

// gossipsub's enum values, spelled out so this module does not pull the enum at runtime twice.
const ACCEPT = 'accept' as TopicValidatorResultT;
const IGNORE = 'ignore' as TopicValidatorResultT;
const REJECT = 'reject' as TopicValidatorResultT;
/** Requests are fixed-size (37 and 38 bytes); anything larger is refused before it is read. */
const MAX_REQUEST_BYTES = 64;

export interface VerifiedChunk {
  chunk: Uint8Array;
  proof: TranscriptInclusionProof;
  /** The peer that served it. */
  peer: string;
}

export interface FetchChunksArgs {
  /** Names the block (the request key). */
  commitment: Uint8Array;
  /** Transcript root from the L1: every chunk is checked against it on arrival. */
  root: Uint8Array;
  indices: readonly number[];
  /** Peers to ask (default: every peer with a checked link, or every connected peer without link checks). */
  peers?: readonly string[];
  /** Called as each chunk is verified. */
  onChunk?: (index: number, chunk: VerifiedChunk) => void;
}

export interface FetchChunksResult {
  chunks: Map<number, VerifiedChunk>;
  /** Network attempts made by this call (verified chunks already held make none). */
  attempts: FetchAttempt[];
}

/** The receiver's check that a payload opens the instance's commitments; throw to reject it. */
export type PayloadCheck = (payload: Uint8Array, key: PayloadKey) => void | Promise<void>;

export interface FetchPayloadArgs extends PayloadKey {
  /** Peers to ask, in order (default: connected peers). */
  peers?: readonly string[];
  check: PayloadCheck;
  /** Cap on this payload's total size (default limits.maxPayloadBytes). */
  maxBytes?: number;
}

/** A gossip message as the port delivers it, plus the sender's staking key when its link checked. */
export interface NetGossipMessage {
  readonly topic: Topic;
  readonly data: Uint8Array;
  /** The originator (gossipsub StrictSign: it signed the message). */
  readonly from: string;
  readonly stakingKey?: Uint8Array;
}

export interface NetTransportOptions {
  chainId: number;
  /** Told of every penalty (the transport's own findings and the caller's reports), for logs. */
  onPenalty?: (penalty: PeerPenalty) => void;
  /** Relay/bootstrap WebSocket multiaddrs; dialled at start and re-dialled when lost. */
  relays: readonly string[];
  /** This node's link (a staker); announced on the links topic. Its peer id must be this node's. */
  link?: PeerLink;
  /** Drop gossip from, and refuse requests of, peers without a checked link (default true). */
  requireLinks?: boolean;
  /** libp2p node options; `peerSecretKey` fixes the peer id (a random one otherwise). */
  node?: Omit<NetNodeOptions, 'denyPeer'>;
  limits?: Partial<NetLimits>;
  scores?: Partial<ScoreOptions>;
  /** Parallel requests per peer during a chunk fetch (default 2). */
  perPeer?: number;
  announceIntervalMs?: number;
  reconnectIntervalMs?: number;
}

export class NetTransport implements PeerTransport {
  readonly limits: NetLimits;
  readonly scores: PeerScores;
  readonly peerId: string;
  private nodeRef: NetLibp2p | undefined;
  private readonly peerSecretKey: Uint8Array;
  private readonly links = new Map<string, { link: PeerLink; bytes: Uint8Array }>();
  private readonly addresses = new Map<string, Multiaddr[]>();
  private readonly transcripts = new Map<string, Transcript>();
  private readonly verified = new Map<string, VerifiedChunk>();
  private readonly handlers = new Map<string, Set<(m: NetGossipMessage) => void>>();
  private readonly dials = new Map<string, Promise<Connection>>();
  /** Callers of connect() waiting for a peer's first address announcement (it follows its link). */
  private readonly addressWaiters = new Map<string, Set<() => void>>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private chunkProvider: ChunkProvider | undefined;
  private payloadProvider: PayloadProvider | undefined;
  private announceSoon: ReturnType<typeof setTimeout> | undefined;
  private state: 'new' | 'running' | 'stopped' = 'new';

  constructor(private readonly options: NetTransportOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.scores = new PeerScores({ ...DEFAULT_SCORE_OPTIONS, ...options.scores }, (peer) => this.onBan(peer));
    this.peerSecretKey = options.node?.peerSecretKey ?? randomPeerSecretKey();
    this.peerId = peerIdFromPublicKey(publicKeyFromRaw(ed25519.getPublicKey(this.peerSecretKey))).toString();
  }

  /** Constructs and starts a transport. */
  static async start(options: NetTransportOptions): Promise<NetTransport> {
    const t = new NetTransport(options);
    await t.start();
    return t;
  }

  /** The libp2p node (after start). */
  get node(): NetLibp2p {
    if (this.nodeRef === undefined) throw new TransportStoppedError('transport not started');
    return this.nodeRef;
  }

  private get requireLinks(): boolean {
    return this.options.requireLinks ?? true;
  }

  private assertRunning(): void {
    if (this.state !== 'running') throw new TransportStoppedError(`transport ${this.peerId} is ${this.state}`);
  }

  async start(): Promise<void> {
    if (this.state === 'running') return;
    if (this.state === 'stopped') throw new TransportStoppedError('a stopped transport does not restart');
    const { link } = this.options;
    if (link !== undefined) {
      assertPeerLink(link, this.options.chainId);
      if (
        !equalBytes(
          link.peerId,
          peerIdFromPublicKey(publicKeyFromRaw(ed25519.getPublicKey(this.peerSecretKey))).toMultihash().bytes,
        )
      )
        throw new NetError('the peer link names another peer id than this node');
    }
    const node = await createNetNode({
      ...this.options.node,
      peerSecretKey: this.peerSecretKey,
      denyPeer: (peer) => this.scores.isBanned(peer.toString()),
      gossip: { maxInboundDataLength: this.limits.maxGossipBytes, ...this.options.node?.gossip },
    });
    this.nodeRef = node;
    this.state = 'running';
    const pubsub = node.services.pubsub;
    for (const topic of NET_TOPICS) {
      pubsub.topicValidators.set(topic, (_source, msg) => this.validate(msg));
      pubsub.subscribe(topic);
    }
    pubsub.addEventListener('message', (evt) => this.deliver(evt.detail));
    pubsub.addEventListener('subscription-change', () => this.scheduleAnnounce());
    node.addEventListener('self:peer:update', () => this.scheduleAnnounce());
    await node.handle(TRANSCRIPT_PROTOCOL, (stream, conn) => this.serveChunk(stream, conn), { maxInboundStreams: 64 });
    await node.handle(PAYLOAD_PROTOCOL, (stream, conn) => this.servePayload(stream, conn), { maxInboundStreams: 16 });
    this.timers.push(setInterval(() => void this.reconnect(), this.options.reconnectIntervalMs ?? 1000));
    this.timers.push(setInterval(() => void this.announce(), this.options.announceIntervalMs ?? 3000));
    await this.reconnect();
  }

  /** Idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    for (const t of this.timers) clearInterval(t);
    if (this.announceSoon !== undefined) clearTimeout(this.announceSoon);
    await this.nodeRef?.stop();
  }

  // ---- relay and discovery --------------------------------------------------------------------

  private relayIds(): Set<string> {
    const ids = new Set<string>();
    for (const addr of this.options.relays) {
      const id = multiaddr(addr)
        .getComponents()
        .findLast((c) => c.name === 'p2p')?.value;
      if (id !== undefined) ids.add(id);
    }
    return ids;
  }

  private async reconnect(): Promise<void> {
    if (this.state !== 'running') return;
    await Promise.all(
      this.options.relays.map(async (addr) => {
        const ma = multiaddr(addr);
        const relayId = ma.getComponents().findLast((c) => c.name === 'p2p')?.value;
        if (relayId !== undefined && this.node.getConnections().some((c) => c.remotePeer.toString() === relayId))
          return;
        try {
          await this.node.dial(ma, { signal: AbortSignal.timeout(5000) });
        } catch {
          // the relay is down; the next tick tries again
        }
      }),
    );
  }

  /** Circuit addresses others can dial to reach this node over WebRTC. */
  webRtcAddresses(): string[] {
    return webRtcAddresses(this.node).map(String);
  }

  private scheduleAnnounce(): void {
    if (this.announceSoon !== undefined || this.state !== 'running') return;
    this.announceSoon = setTimeout(() => {
      this.announceSoon = undefined;
      void this.announce();
    }, 200);
  }

  private async announce(): Promise<void> {
    if (this.state !== 'running') return;
    const pubsub = this.node.services.pubsub;
    try {
      if (this.options.link !== undefined) await pubsub.publish(TOPICS.peerLinks, encodePeerLink(this.options.link));
      const addrs = webRtcAddresses(this.node);
      if (addrs.length > 0) await pubsub.publish(ADDRESSES_TOPIC, encodeAddresses(addrs.map((a) => a.bytes)));
    } catch {
      // no mesh yet; the next announcement goes out
    }
  }

  // ---- gossip ---------------------------------------------------------------------------------

  async publish(topic: Topic, data: Uint8Array): Promise<void> {
    this.assertRunning();
    assertTopic(topic);
    if (data.length > this.limits.maxGossipBytes)
      throw new NetError(`gossip message of ${data.length} bytes exceeds ${this.limits.maxGossipBytes}`);
    await this.node.services.pubsub.publish(topic, data);
  }

  /** Messages that passed the checks on `topic`; returns the unsubscribe function. */
  subscribe(topic: Topic, handler: GossipHandler | ((m: NetGossipMessage) => void)): () => void {
    this.assertRunning();
    assertTopic(topic);
    let set = this.handlers.get(topic);
    if (set === undefined) this.handlers.set(topic, (set = new Set()));
    const h = handler as (m: NetGossipMessage) => void;
    set.add(h);
    return () => set.delete(h);
  }

  private validate(msg: Message): TopicValidatorResultT {
    if (msg.type !== 'signed') return REJECT;
    const from = msg.from.toString();
    if (this.scores.isBanned(from)) return IGNORE;
    if (msg.data.length > this.limits.maxGossipBytes) {
      this.penalize(from, 'oversized', `gossip on ${msg.topic}: ${msg.data.length} bytes`);
      return REJECT;
    }
    try {
      if (msg.topic === ADDRESSES_TOPIC) this.acceptAddresses(msg.from, msg.data);
      else if (this.requireLinks) {
        if (msg.topic === TOPICS.peerLinks) this.acceptLink(msg.from, msg.data);
        // Not a penalty: the sender's link may simply not have reached us yet.
        else if (!this.links.has(from)) return IGNORE;
      }
      return ACCEPT;
    } catch (e) {
      const reason = e instanceof PeerMessageError ? e.reason : 'malformed';
      this.penalize(from, reason, `gossip on ${msg.topic}: ${(e as Error).message}`);
      return REJECT;
    }
  }

  private acceptLink(from: PeerId, data: Uint8Array): void {
    const known = this.links.get(from.toString());
    if (known !== undefined && equalBytes(known.bytes, data)) return;
    let link: PeerLink;
    try {
      link = decodePeerLink(data);
      assertPeerLink(link, this.options.chainId);
    } catch (e) {
      throw new PeerMessageError('malformed', `peer link refused: ${(e as Error).message}`);
    }
    if (!equalBytes(link.peerId, from.toMultihash().bytes))
      throw new PeerMessageError('unlinked', 'peer link names another peer id than its sender');
    this.links.set(from.toString(), { link, bytes: data });
  }

  private acceptAddresses(from: PeerId, data: Uint8Array): void {
    const id = from.toString();
    const addrs = decodeAddresses(data).map((bytes) => {
      let ma: Multiaddr;
      try {
        ma = multiaddr(bytes);
      } catch (e) {
        throw new PeerMessageError('malformed', `announced address does not decode: ${(e as Error).message}`);
      }
      const s = ma.toString();
      if (!s.endsWith(`/webrtc/p2p/${id}`)) throw new PeerMessageError('malformed', `address ${s} is not the sender's`);
      return ma;
    });
    this.addresses.set(id, addrs);
    for (const wake of this.addressWaiters.get(id) ?? []) wake();
    this.addressWaiters.delete(id);
    // One side dials (the smaller id) so two peers do not race two connections.
    if (id !== this.peerId && this.peerId < id && this.directConnection(id) === undefined)
      void this.connect(id).catch(() => {});
  }

  private deliver(msg: Message): void {
    if (msg.type !== 'signed' || msg.topic === ADDRESSES_TOPIC || this.state !== 'running') return;
    const from = msg.from.toString();
    if (this.scores.isBanned(from)) return;
    const stakingKey = this.links.get(from)?.link.stakingKey;
    for (const h of this.handlers.get(msg.topic) ?? [])
      h({ topic: msg.topic as Topic, from, data: msg.data, ...(stakingKey ? { stakingKey } : {}) });
  }

  /** Peers whose link checked, with their staking keys. */
  linkedPeers(): Map<string, Uint8Array> {
    return new Map([...this.links].map(([p, l]) => [p, l.link.stakingKey]));
  }

  // ---- connections ----------------------------------------------------------------------------

  /** Peers with a direct (unlimited) connection, relays and banned peers excluded. */
  peers(): string[] {
    this.assertRunning();
    const relays = this.relayIds();
    const out = new Set<string>();
    for (const c of this.node.getConnections()) {
      const p = c.remotePeer.toString();
      if (c.limits == null && c.status === 'open' && !relays.has(p) && !this.scores.isBanned(p)) out.add(p);
    }
    return [...out];
  }

  /** An open connection to `peer` without relay limits (the direct WebRTC one), if any. */
  directConnection(peer: string): Connection | undefined {
    return this.node
      .getConnections()
      .find((c) => c.remotePeer.toString() === peer && c.limits == null && c.status === 'open');
  }

  /** Opens (or reuses) a direct WebRTC connection to `peer` through its announced circuit address. */
  async connect(peer: string, signal?: AbortSignal): Promise<Connection> {
    const existing = this.directConnection(peer);
    if (existing !== undefined) return existing;
    if (this.scores.isBanned(peer)) throw new NotConnectedError(`peer ${peer} is banned`);
    let pending = this.dials.get(peer);
    if (pending === undefined) {
      pending = (async () => {
        const addrs = await this.addressesOf(peer, signal ?? AbortSignal.timeout(10_000));
        let last: unknown;
        for (const addr of addrs) {
          try {
            const conn = await this.node.dial(addr, { signal: signal ?? AbortSignal.timeout(10_000) });
            if (conn.limits == null) return conn;
            last = new NotConnectedError(`dial of ${addr} gave a limited (relayed) connection`);
          } catch (e) {
            last = e;
          }
        }
        throw last instanceof Error ? last : new NotConnectedError(String(last));
      })().finally(() => this.dials.delete(peer));
      this.dials.set(peer, pending);
    }
    return pending;
  }

  /** The peer's announced addresses; waits for the announcement (it may trail the peer's link). */
  private async addressesOf(peer: string, signal: AbortSignal): Promise<Multiaddr[]> {
    const known = this.addresses.get(peer);
    if (known !== undefined && known.length > 0) return known;
    await new Promise<void>((resolve, reject) => {
      const fail = () => {
        this.addressWaiters.get(peer)?.delete(wake);
        reject(new NotConnectedError(`no WebRTC address known for ${peer}`));
      };
      const wake = () => {
        signal.removeEventListener('abort', fail);
        resolve();
      };
      if (signal.aborted) return fail();
      signal.addEventListener('abort', fail, { once: true });
      let set = this.addressWaiters.get(peer);
      if (set === undefined) this.addressWaiters.set(peer, (set = new Set()));
      set.add(wake);
    });
    return this.addresses.get(peer) ?? [];
  }

  private async openStream(peer: string, protocol: string, signal: AbortSignal): Promise<Stream> {
    const conn = await this.connect(peer, signal);
    return conn.newStream(protocol, { signal });
  }

  private onBan(peer: string): void {
    this.addresses.delete(peer);
    this.links.delete(peer);
    const conn = this.nodeRef?.getConnections().find((c) => c.remotePeer.toString() === peer);
    if (conn !== undefined) void this.node.hangUp(conn.remotePeer).catch(() => {});
  }

  /** The port's report: scores `peer` down; at the ban line it is disconnected and refused. */
  reportPeer(peer: string, offence: PeerOffence): void {
    // Scored first: an optional call (`onPenalty?.(…)`) would skip evaluating its argument.
    const penalty = this.scores.report(peer, offence, 'reported by the caller');
    this.options.onPenalty?.(penalty);
  }

  /** Scores `peer` for a rejection the transport found itself. */
  penalize(peer: string, reason: NetRejectReason, detail: string): PeerPenalty {
    const penalty = this.scores.report(peer, OFFENCE_OF[reason], detail, reason);
    this.options.onPenalty?.(penalty);
    return penalty;
  }

  /** A deadline for one request, joined with the caller's signal. */
  private deadline(signal?: AbortSignal): AbortSignal {
    const t = AbortSignal.timeout(this.limits.requestTimeoutMs);
    return signal ? AbortSignal.any([signal, t]) : t;
  }

  /**
   * Peers to ask, in a fresh random order per request: load spreads over every holder instead of
   * the first connection, and a hostile peer cannot count on being asked last (or never).
   */
  private candidates(options?: RequestOptions): string[] {
    if (options?.peer !== undefined) {
      // A named peer is dialled on demand when it is not connected now (a connection that
      // dropped, or a dial that failed under load, is not waited for until the next announcement).
      const p = options.peer;
      if (p === this.peerId || this.scores.isBanned(p) || this.relayIds().has(p)) return [];
      return !this.requireLinks || this.links.has(p) ? [p] : [];
    }
    const peers = this.peers().filter((p) => !this.requireLinks || this.links.has(p));
    for (let i = peers.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [peers[i], peers[j]] = [peers[j]!, peers[i]!];
    }
    return peers;
  }

  // ---- transcript protocol --------------------------------------------------------------------

  /** Serve this block's transcript chunks (keyed by its block commitment). */
  serveTranscript(commitment: Uint8Array, transcript: Transcript): void {
    this.transcripts.set(bytesToHex(commitment), transcript);
  }

  unserveTranscript(commitment: Uint8Array): void {
    this.transcripts.delete(bytesToHex(commitment));
  }

  /** The port's provider, asked for chunks of blocks not registered with serveTranscript. */
  serveChunks(provider: ChunkProvider): void {
    this.assertRunning();
    this.chunkProvider = provider;
  }

  private async readRequest(stream: Stream, peer: string): Promise<Uint8Array | undefined> {
    const io = boundedStream(stream, MAX_REQUEST_BYTES);
    try {
      return await io.read(AbortSignal.timeout(this.limits.serverReadTimeoutMs));
    } catch (e) {
      if (e instanceof PeerMessageError) this.penalize(peer, e.reason, `request: ${e.message}`);
      stream.abort(e as Error);
      return undefined;
    }
  }

  private async lookupChunk(commitment: Uint8Array, index: number, from: string): Promise<PortChunkResponse | null> {
    const t = this.transcripts.get(bytesToHex(commitment));
    if (t !== undefined)
      return index < t.chunks.length ? { chunk: t.chunks[index]!, proof: transcriptInclusionProof(t, index) } : null;
    return (await this.chunkProvider?.({ commitment, index }, from)) ?? null;
  }

  private async serveChunk(stream: Stream, conn: Connection): Promise<void> {
    const peer = conn.remotePeer.toString();
    const raw = await this.readRequest(stream, peer);
    if (raw === undefined) return;
    const io = boundedStream(stream, this.limits.maxMessageBytes);
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
    try {
      const req = decodeChunkRequest(raw);
      let response: Uint8Array;
      if (this.requireLinks && !this.links.has(peer)) response = encodeChunkResponse({ status: 'unlinked' });
      else {
        const found = await this.lookupChunk(req.commitment, req.chunkIndex, peer);
        response =
          found === null
            ? encodeChunkResponse({ status: 'not-found' })
            : encodeChunkResponse({ status: 'ok', chunk: found.chunk, proof: encodeInclusionProof(found.proof) });
      }
      await io.write(response, signal);
      await stream.close({ signal });
    } catch (e) {
      if (e instanceof PeerMessageError) this.penalize(peer, e.reason, `transcript request: ${e.message}`);
      stream.abort(e as Error);
    }
  }

  /** One chunk from one peer, decoded but not yet checked against a root. */
  private async requestChunkRaw(peer: string, commitment: Uint8Array, index: number, signal: AbortSignal) {
    const stream = await this.openStream(peer, TRANSCRIPT_PROTOCOL, signal);
    try {
      const io = boundedStream(stream, this.limits.maxMessageBytes);
      await io.write(encodeChunkRequest({ commitment, chunkIndex: index }), signal);
      const resp = decodeChunkResponse(await io.read(signal), this.limits.maxChunkBytes);
      await stream.close({ signal }).catch(() => {});
      if (resp.status !== 'ok')
        throw new PeerRefusedError(resp.status, `peer ${peer} answered ${resp.status} for chunk ${index}`);
      let proof: TranscriptInclusionProof;
      try {
        proof = decodeInclusionProof(resp.proof);
      } catch (e) {
        throw new PeerMessageError(
          'malformed',
          `chunk ${index}: inclusion proof does not decode (${(e as Error).message})`,
        );
      }
      return { chunk: resp.chunk, proof };
    } catch (e) {
      if (stream.status === 'open') stream.abort(e as Error);
      throw e;
    }
  }

  /** One chunk from one peer, checked against the root; throws PeerMessageError naming what was wrong. */
  async requestChunk(peer: string, commitment: Uint8Array, root: Uint8Array, index: number): Promise<VerifiedChunk> {
    const { chunk, proof } = await this.requestChunkRaw(peer, commitment, index, this.deadline());
    try {
      checkTranscriptChunk(root, index, chunk, proof);
    } catch (e) {
      if (e instanceof TranscriptInclusionError)
        throw new PeerMessageError('wrong-chunk', `chunk ${index} from ${peer}: ${e.message}`);
      throw e;
    }
    return { chunk, proof, peer };
  }

  /**
   * The port's fetch: asks connected peers one by one (or only `options.peer`) and returns the
   * first chunk served, unchecked (the caller checks it against the root and reports a bad one).
   */
  async fetchChunk(request: PortChunkRequest, options?: RequestOptions): Promise<PortChunkResponse & { from: string }> {
    this.assertRunning();
    return abortable(
      (async () => {
        const failures: string[] = [];
        for (const peer of this.candidates(options)) {
          options?.signal?.throwIfAborted();
          try {
            const got = await this.requestChunkRaw(
              peer,
              request.commitment,
              request.index,
              this.deadline(options?.signal),
            );
            return { ...got, from: peer };
          } catch (e) {
            options?.signal?.throwIfAborted();
            if (e instanceof PeerMessageError) this.penalize(peer, e.reason, e.message);
            failures.push(`${peer}: ${describeError(e)}`);
          }
        }
        throw new NoProviderError(`no peer served chunk ${request.index} (${failures.join('; ') || 'no peers'})`);
      })(),
      options?.signal,
    );
  }

  /** Default peers for fetchChunks: connected peers (with a checked link when links are required). */
  private defaultPeers(): string[] {
    return this.candidates();
  }

  /**
   * Fetches the chunks at `indices` from several peers in parallel, verifying each on arrival.
   * Chunks already verified (by any earlier call) are returned without a request; a peer that
   * drops, times out or serves a wrong chunk is failed over; misbehaviour is scored.
   */
  async fetchChunks(args: FetchChunksArgs): Promise<FetchChunksResult> {
    this.assertRunning();
    const key = (i: number) => `${bytesToHex(args.root)}:${i}`;
    const chunks = new Map<number, VerifiedChunk>();
    const missing: number[] = [];
    for (const i of new Set(args.indices)) {
      const have = this.verified.get(key(i));
      if (have !== undefined) chunks.set(i, have);
      else missing.push(i);
    }
    if (missing.length === 0) return { chunks, attempts: [] };
    const peers = (args.peers ?? this.defaultPeers()).filter((p) => !this.scores.isBanned(p));
    if (peers.length === 0) throw new FetchFailedError('no peers to fetch transcript chunks from');
    const attempts = await scheduleFetch({
      indices: missing,
      peers,
      perPeer: this.options.perPeer ?? 2,
      fetchOne: (peer, index) => this.requestChunk(peer, args.commitment, args.root, index),
      onResult: (index, value) => {
        this.verified.set(key(index), value);
        chunks.set(index, value);
        args.onChunk?.(index, value);
      },
      onFailure: (peer, _index, error) => {
        if (error instanceof PeerMessageError) this.penalize(peer, error.reason, error.message);
      },
    });
    return { chunks, attempts };
  }

  // ---- payload protocol -----------------------------------------------------------------------

  /** Serve witness payloads: the provider returns the bytes for a (commitment, level, index) or null. */
  servePayloads(provider: PayloadProvider): void {
    this.assertRunning();
    this.payloadProvider = provider;
  }

  private async servePayload(stream: Stream, conn: Connection): Promise<void> {
    const peer = conn.remotePeer.toString();
    const raw = await this.readRequest(stream, peer);
    if (raw === undefined) return;
    const io = boundedStream(stream, this.limits.maxMessageBytes);
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
    try {
      const key = decodePayloadRequest(raw);
      if (this.requireLinks && !this.links.has(peer)) {
        await io.write(encodePayloadHead({ status: 'unlinked', totalLength: 0 }), signal);
      } else {
        const payload = await abortable(Promise.resolve(this.payloadProvider?.(key, peer) ?? null), signal);
        if (payload === null) await io.write(encodePayloadHead({ status: 'not-found', totalLength: 0 }), signal);
        else {
          await io.write(encodePayloadHead({ status: 'ok', totalLength: payload.length }), signal);
          const piece = Math.min(this.limits.payloadPieceBytes, this.limits.maxMessageBytes);
          for (let o = 0; o < payload.length; o += piece) await io.write(payload.subarray(o, o + piece), signal);
        }
      }
      await stream.close({ signal });
    } catch (e) {
      if (e instanceof PeerMessageError) this.penalize(peer, e.reason, `payload request: ${e.message}`);
      stream.abort(e as Error);
    }
  }

  /** One payload from one peer, size-capped, unchecked. */
  private async requestPayloadRaw(peer: string, key: PayloadKey, maxBytes: number, signal: AbortSignal) {
    const stream = await this.openStream(peer, PAYLOAD_PROTOCOL, signal);
    try {
      const io = boundedStream(stream, this.limits.maxMessageBytes);
      await io.write(encodePayloadRequest(key), signal);
      const head = decodePayloadHead(await io.read(signal));
      if (head.status !== 'ok') throw new PeerRefusedError(head.status, `peer ${peer} answered ${head.status}`);
      if (head.totalLength > maxBytes)
        throw new PeerMessageError(
          'oversized',
          `payload of ${head.totalLength} bytes exceeds the ${maxBytes}-byte cap`,
        );
      const payload = new Uint8Array(head.totalLength);
      let got = 0;
      while (got < head.totalLength) {
        const piece = await io.read(signal);
        if (piece.length === 0 || got + piece.length > head.totalLength)
          throw new PeerMessageError(
            'malformed',
            `payload piece of ${piece.length} bytes at ${got}/${head.totalLength}`,
          );
        payload.set(piece, got);
        got += piece.length;
      }
      await stream.close({ signal }).catch(() => {});
      return payload;
    } catch (e) {
      if (stream.status === 'open') stream.abort(e as Error);
      throw e;
    }
  }

  /** The port's fetch: the first payload a peer serves (size-capped), for the caller to check. */
  async fetchPayload(request: PayloadRequest, options?: RequestOptions): Promise<{ bytes: Uint8Array; from: string }> {
    this.assertRunning();
    return abortable(
      (async () => {
        const failures: string[] = [];
        for (const peer of this.candidates(options)) {
          options?.signal?.throwIfAborted();
          try {
            const signal = this.deadline(options?.signal);
            return {
              bytes: await this.requestPayloadRaw(peer, request, this.limits.maxPayloadBytes, signal),
              from: peer,
            };
          } catch (e) {
            options?.signal?.throwIfAborted();
            if (e instanceof PeerMessageError) this.penalize(peer, e.reason, e.message);
            failures.push(`${peer}: ${describeError(e)}`);
          }
        }
        throw new NoProviderError(
          `no peer served the payload of node ${request.level}/${request.index} (${failures.join('; ') || 'no peers'})`,
        );
      })(),
      options?.signal,
    );
  }

  /**
   * Tries `peers` in order until one serves a payload that passes `check` (the opening of the
   * instance's commitments); a payload that fails it is rejected and its sender scored down.
   */
  async fetchCheckedPayload(
    args: FetchPayloadArgs,
  ): Promise<{ payload: Uint8Array; peer: string; failures: string[] }> {
    this.assertRunning();
    const failures: string[] = [];
    const key: PayloadKey = { commitment: args.commitment, level: args.level, index: args.index };
    for (const peer of args.peers ?? this.candidates()) {
      if (this.scores.isBanned(peer)) continue;
      try {
        const payload = await this.requestPayloadRaw(
          peer,
          key,
          args.maxBytes ?? this.limits.maxPayloadBytes,
          this.deadline(),
        );
        try {
          await args.check(payload, key);
        } catch (e) {
          throw new PeerMessageError(
            'payload-check-failed',
            `payload from ${peer} does not open: ${(e as Error).message}`,
          );
        }
        return { payload, peer, failures };
      } catch (e) {
        if (e instanceof PeerMessageError) this.penalize(peer, e.reason, e.message);
        failures.push(`${peer}: ${describeError(e)}`);
      }
    }
    throw new FetchFailedError(
      `payload (${args.level}, ${args.index}) not fetched: ${failures.join('; ') || 'no peers'}`,
    );
  }
}
