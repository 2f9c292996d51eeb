// The libp2p transport of a participant: gossip with peer-link checks, the transcript and payload
// request protocols over direct WebRTC connections, peer scoring and bans, relay reconnection.
// Browser-safe; the same class runs in a page and in a headless Node peer.
import type { Message, TopicValidatorResult as TopicValidatorResultT } from '@libp2p/gossipsub';
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import type { Multiaddr } from '@multiformats/multiaddr';
import { bytesToHex, equalBytes } from '@noble/curves/utils.js';
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
import { scheduleFetch } from './fetch-scheduler.js';
import type { FetchAttempt } from './fetch-scheduler.js';
import { ALL_TOPICS, DEFAULT_LIMITS, PAYLOAD_PROTOCOL, TOPICS, TRANSCRIPT_PROTOCOL } from './limits.js';
import type { NetLimits } from './limits.js';
import { createNetNode, webRtcAddresses } from './node.js';
import type { NetLibp2p, NetNodeOptions } from './node.js';
import { DEFAULT_SCORE_OPTIONS, PeerScores } from './scores.js';
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

export interface GossipMessage {
  topic: string;
  /** Originator's peer id (gossipsub StrictSign: the message is signed by it). */
  from: string;
  /** The originator's staking key, from its checked peer link (absent when links are not required). */
  stakingKey?: Uint8Array;
  data: Uint8Array;
}

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
export type PayloadProvider = (key: PayloadKey) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

export interface FetchPayloadArgs extends PayloadKey {
  peers: readonly string[];
  check: PayloadCheck;
  /** Cap on this payload's total size (default limits.maxPayloadBytes). */
  maxBytes?: number;
}

export interface NetTransportOptions {
  chainId: number;
  /** Relay/bootstrap WebSocket multiaddrs; dialled at start and re-dialled when lost. */
  relays: readonly string[];
  /** This node's link (a staker); announced on the links topic. Its peer id must be this node's. */
  link?: PeerLink;
  /** Drop gossip from, and refuse requests of, peers without a checked link (default true). */
  requireLinks?: boolean;
  node?: Omit<NetNodeOptions, 'denyPeer'>;
  limits?: Partial<NetLimits>;
  scores?: Partial<ScoreOptions>;
  /** Parallel requests per peer during a chunk fetch (default 2). */
  perPeer?: number;
  announceIntervalMs?: number;
  reconnectIntervalMs?: number;
}

export class NetTransport {
  readonly limits: NetLimits;
  readonly scores: PeerScores;
  private readonly links = new Map<string, { link: PeerLink; bytes: Uint8Array }>();
  private readonly addresses = new Map<string, Multiaddr[]>();
  private readonly transcripts = new Map<string, Transcript>();
  private readonly verified = new Map<string, VerifiedChunk>();
  private readonly handlers = new Map<string, Set<(m: GossipMessage) => void>>();
  private readonly dials = new Map<string, Promise<Connection>>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private payloadProvider: PayloadProvider | undefined;
  private announceSoon: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  private constructor(
    readonly node: NetLibp2p,
    private readonly options: NetTransportOptions,
    scores: PeerScores,
    limits: NetLimits,
  ) {
    this.scores = scores;
    this.limits = limits;
  }

  /** Creates the libp2p node (with this transport's ban list in its gater) and starts everything. */
  static async start(options: NetTransportOptions): Promise<NetTransport> {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    let transport: NetTransport | undefined;
    const scores = new PeerScores({ ...DEFAULT_SCORE_OPTIONS, ...options.scores }, (peer) => transport?.onBan(peer));
    const node = await createNetNode({
      ...options.node,
      denyPeer: (peer) => scores.isBanned(peer.toString()),
      gossip: { maxInboundDataLength: limits.maxGossipBytes, ...options.node?.gossip },
    });
    transport = new NetTransport(node, options, scores, limits);
    await transport.init();
    return transport;
  }

  get peerId(): string {
    return this.node.peerId.toString();
  }

  private get requireLinks(): boolean {
    return this.options.requireLinks ?? true;
  }

  private async init(): Promise<void> {
    const { link } = this.options;
    if (link !== undefined) {
      assertPeerLink(link, this.options.chainId);
      if (!equalBytes(link.peerId, this.node.peerId.toMultihash().bytes))
        throw new NetError('the peer link names another peer id than this node');
    }
    const pubsub = this.node.services.pubsub;
    for (const topic of ALL_TOPICS) {
      pubsub.topicValidators.set(topic, (_source, msg) => this.validate(msg));
      pubsub.subscribe(topic);
    }
    pubsub.addEventListener('message', (evt) => this.deliver(evt.detail));
    pubsub.addEventListener('subscription-change', () => this.scheduleAnnounce());
    this.node.addEventListener('self:peer:update', () => this.scheduleAnnounce());
    await this.node.handle(TRANSCRIPT_PROTOCOL, (stream, conn) => this.serveChunk(stream, conn), {
      maxInboundStreams: 64,
    });
    await this.node.handle(PAYLOAD_PROTOCOL, (stream, conn) => this.servePayload(stream, conn), {
      maxInboundStreams: 16,
    });
    this.timers.push(setInterval(() => this.reconnect(), this.options.reconnectIntervalMs ?? 1000));
    this.timers.push(setInterval(() => void this.announce(), this.options.announceIntervalMs ?? 3000));
    await this.reconnect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    if (this.announceSoon !== undefined) clearTimeout(this.announceSoon);
    await this.node.stop();
  }

  // ---- relay and discovery --------------------------------------------------------------------

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
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
    if (this.announceSoon !== undefined || this.stopped) return;
    this.announceSoon = setTimeout(() => {
      this.announceSoon = undefined;
      void this.announce();
    }, 200);
  }

  private async announce(): Promise<void> {
    if (this.stopped) return;
    const pubsub = this.node.services.pubsub;
    try {
      if (this.options.link !== undefined) await pubsub.publish(TOPICS.links, encodePeerLink(this.options.link));
      const addrs = webRtcAddresses(this.node);
      if (addrs.length > 0) await pubsub.publish(TOPICS.peers, encodeAddresses(addrs.map((a) => a.bytes)));
    } catch {
      // no mesh yet; the next announcement goes out
    }
  }

  // ---- gossip ---------------------------------------------------------------------------------

  async publish(topic: string, data: Uint8Array): Promise<void> {
    if (data.length > this.limits.maxGossipBytes)
      throw new NetError(`gossip message of ${data.length} bytes exceeds ${this.limits.maxGossipBytes}`);
    await this.node.services.pubsub.publish(topic, data);
  }

  /** Messages that passed the checks on `topic`; returns the unsubscribe function. */
  subscribe(topic: string, handler: (m: GossipMessage) => void): () => void {
    if (!ALL_TOPICS.includes(topic)) this.node.services.pubsub.subscribe(topic);
    let set = this.handlers.get(topic);
    if (set === undefined) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  private validate(msg: Message): TopicValidatorResultT {
    if (msg.type !== 'signed') return REJECT;
    const from = msg.from.toString();
    if (this.scores.isBanned(from)) return IGNORE;
    if (msg.data.length > this.limits.maxGossipBytes) {
      this.reportPeer(from, 'oversized', `gossip on ${msg.topic}: ${msg.data.length} bytes`);
      return REJECT;
    }
    try {
      if (msg.topic === TOPICS.links) this.acceptLink(msg.from, msg.data);
      else if (msg.topic === TOPICS.peers) this.acceptAddresses(msg.from, msg.data);
      else if (this.requireLinks && !this.links.has(from)) return IGNORE;
      return ACCEPT;
    } catch (e) {
      const reason = e instanceof PeerMessageError ? e.reason : 'malformed';
      this.reportPeer(from, reason, `gossip on ${msg.topic}: ${(e as Error).message}`);
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
    // One side dials (the smaller id) so two peers do not race two connections.
    if (id !== this.peerId && this.peerId < id && this.directConnection(id) === undefined)
      void this.connect(id).catch(() => {});
  }

  private deliver(msg: Message): void {
    if (msg.type !== 'signed' || msg.topic === TOPICS.links || msg.topic === TOPICS.peers) return;
    const from = msg.from.toString();
    const stakingKey = this.links.get(from)?.link.stakingKey;
    for (const h of this.handlers.get(msg.topic) ?? [])
      h({ topic: msg.topic, from, data: msg.data, ...(stakingKey ? { stakingKey } : {}) });
  }

  /** Peers whose link checked, with their staking keys. */
  linkedPeers(): Map<string, Uint8Array> {
    return new Map([...this.links].map(([p, l]) => [p, l.link.stakingKey]));
  }

  // ---- connections ----------------------------------------------------------------------------

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
        const addrs = this.addresses.get(peer) ?? [];
        if (addrs.length === 0) throw new NotConnectedError(`no WebRTC address known for ${peer}`);
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

  private async openStream(peer: string, protocol: string, signal: AbortSignal): Promise<Stream> {
    const conn = await this.connect(peer, signal);
    return conn.newStream(protocol, { signal });
  }

  private onBan(peer: string): void {
    this.addresses.delete(peer);
    this.links.delete(peer);
    const conn = this.node.getConnections().find((c) => c.remotePeer.toString() === peer);
    if (conn !== undefined) void this.node.hangUp(conn.remotePeer).catch(() => {});
  }

  /** Scores `peer` down for `reason`; past the threshold it is disconnected and refused. */
  reportPeer(peer: string, reason: NetRejectReason, detail: string): PeerPenalty {
    return this.scores.report(peer, reason, detail);
  }

  // ---- transcript protocol --------------------------------------------------------------------

  /** Serve this block's transcript chunks (keyed by its block commitment). */
  serveTranscript(commitment: Uint8Array, transcript: Transcript): void {
    this.transcripts.set(bytesToHex(commitment), transcript);
  }

  unserveTranscript(commitment: Uint8Array): void {
    this.transcripts.delete(bytesToHex(commitment));
  }

  private async readRequest(stream: Stream, conn: Connection): Promise<Uint8Array | undefined> {
    const peer = conn.remotePeer.toString();
    const io = boundedStream(stream, MAX_REQUEST_BYTES);
    try {
      return await io.read(AbortSignal.timeout(this.limits.serverReadTimeoutMs));
    } catch (e) {
      if (e instanceof PeerMessageError) this.reportPeer(peer, e.reason, `request: ${e.message}`);
      stream.abort(e as Error);
      return undefined;
    }
  }

  private async serveChunk(stream: Stream, conn: Connection): Promise<void> {
    const peer = conn.remotePeer.toString();
    const raw = await this.readRequest(stream, conn);
    if (raw === undefined) return;
    const io = boundedStream(stream, this.limits.maxMessageBytes);
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
    try {
      const req = decodeChunkRequest(raw);
      let response: Uint8Array;
      const t = this.transcripts.get(bytesToHex(req.commitment));
      if (this.requireLinks && !this.links.has(peer)) response = encodeChunkResponse({ status: 'unlinked' });
      else if (t === undefined || req.chunkIndex >= t.chunks.length)
        response = encodeChunkResponse({ status: 'not-found' });
      else {
        const proof = encodeInclusionProof(transcriptInclusionProof(t, req.chunkIndex));
        response = encodeChunkResponse({ status: 'ok', chunk: t.chunks[req.chunkIndex]!, proof });
      }
      await io.write(response, signal);
      await stream.close({ signal });
    } catch (e) {
      if (e instanceof PeerMessageError) this.reportPeer(peer, e.reason, `transcript request: ${e.message}`);
      stream.abort(e as Error);
    }
  }

  /** One chunk from one peer, checked against the root; throws PeerMessageError naming what was wrong. */
  async requestChunk(peer: string, commitment: Uint8Array, root: Uint8Array, index: number): Promise<VerifiedChunk> {
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
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
      try {
        checkTranscriptChunk(root, index, resp.chunk, proof);
      } catch (e) {
        if (e instanceof TranscriptInclusionError)
          throw new PeerMessageError('wrong-chunk', `chunk ${index} from ${peer}: ${e.message}`);
        throw e;
      }
      return { chunk: resp.chunk, proof, peer };
    } catch (e) {
      if (stream.status === 'open') stream.abort(e as Error);
      throw e;
    }
  }

  /** Default peers to ask: linked peers (or every connected peer when links are not required). */
  private candidatePeers(): string[] {
    const pool = this.requireLinks ? [...this.links.keys()] : [...this.addresses.keys()];
    return pool.filter((p) => p !== this.peerId && !this.scores.isBanned(p));
  }

  /**
   * Fetches the chunks at `indices` from several peers in parallel, verifying each on arrival.
   * Chunks already verified (by any earlier call) are returned without a request; a peer that
   * drops, times out or serves a wrong chunk is failed over; misbehaviour is scored.
   */
  async fetchChunks(args: FetchChunksArgs): Promise<FetchChunksResult> {
    const key = (i: number) => `${bytesToHex(args.root)}:${i}`;
    const chunks = new Map<number, VerifiedChunk>();
    const missing: number[] = [];
    for (const i of new Set(args.indices)) {
      const have = this.verified.get(key(i));
      if (have !== undefined) chunks.set(i, have);
      else missing.push(i);
    }
    if (missing.length === 0) return { chunks, attempts: [] };
    const peers = (args.peers ?? this.candidatePeers()).filter((p) => !this.scores.isBanned(p));
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
        if (error instanceof PeerMessageError) this.reportPeer(peer, error.reason, error.message);
      },
    });
    return { chunks, attempts };
  }

  // ---- payload protocol -----------------------------------------------------------------------

  /** Serve witness payloads: the provider returns the bytes for a (commitment, level, index) or undefined. */
  servePayloads(provider: PayloadProvider | undefined): void {
    this.payloadProvider = provider;
  }

  private async servePayload(stream: Stream, conn: Connection): Promise<void> {
    const peer = conn.remotePeer.toString();
    const raw = await this.readRequest(stream, conn);
    if (raw === undefined) return;
    const io = boundedStream(stream, this.limits.maxMessageBytes);
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
    try {
      const key = decodePayloadRequest(raw);
      if (this.requireLinks && !this.links.has(peer)) {
        await io.write(encodePayloadHead({ status: 'unlinked', totalLength: 0 }), signal);
      } else {
        const payload = await this.payloadProvider?.(key);
        if (payload === undefined) await io.write(encodePayloadHead({ status: 'not-found', totalLength: 0 }), signal);
        else {
          await io.write(encodePayloadHead({ status: 'ok', totalLength: payload.length }), signal);
          const piece = Math.min(this.limits.payloadPieceBytes, this.limits.maxMessageBytes);
          for (let o = 0; o < payload.length; o += piece) await io.write(payload.subarray(o, o + piece), signal);
        }
      }
      await stream.close({ signal });
    } catch (e) {
      if (e instanceof PeerMessageError) this.reportPeer(peer, e.reason, `payload request: ${e.message}`);
      stream.abort(e as Error);
    }
  }

  /** One payload from one peer, size-capped and checked by `check`; throws PeerMessageError on a bad one. */
  async requestPayload(peer: string, key: PayloadKey, check: PayloadCheck, maxBytes: number): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
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
      try {
        await check(payload, key);
      } catch (e) {
        throw new PeerMessageError(
          'payload-check-failed',
          `payload from ${peer} does not open: ${(e as Error).message}`,
        );
      }
      return payload;
    } catch (e) {
      if (stream.status === 'open') stream.abort(e as Error);
      throw e;
    }
  }

  /** Tries `peers` in order until one serves a payload that passes `check`; scores the ones that fail. */
  async fetchPayload(args: FetchPayloadArgs): Promise<{ payload: Uint8Array; peer: string; failures: string[] }> {
    const failures: string[] = [];
    for (const peer of args.peers) {
      if (this.scores.isBanned(peer)) continue;
      try {
        const payload = await this.requestPayload(peer, args, args.check, args.maxBytes ?? this.limits.maxPayloadBytes);
        return { payload, peer, failures };
      } catch (e) {
        if (e instanceof PeerMessageError) this.reportPeer(peer, e.reason, e.message);
        failures.push(`${peer}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    throw new FetchFailedError(
      `payload (${args.level}, ${args.index}) not fetched: ${failures.join('; ') || 'no peers'}`,
    );
  }
}
