/**
 * A node:http server on 127.0.0.1 that scripts faults for the client's retry, timeout and limit tests. Every
 * request is recorded (method, URL, headers, body) before it is answered; `next()` queues what the next requests
 * get, and without a script a request gets `fallback` (HTTP 200 with a small JSON body).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Fault =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Read the request, never answer. */
  | 'hang'
  /** Read the request, then close the connection without a byte of reply. */
  | 'reset'
  /** Send the status line and headers, then stall before the body. */
  | 'stall-body'
  /** A chunked 200 reply of `bytes` bytes in 64 KiB pieces, written as fast as the client takes them. */
  | { stream: number };

export class FaultServer {
  readonly seen: Seen[] = [];
  private readonly queue: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  private server!: http.Server;
  origin = '';
  /** Bytes of body the last `stream` reply wrote before it finished or the client went away. */
  streamed = 0;
  streamDone = false;
  connections = 0;

  constructor(private readonly fallback: Fault = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":1,"name":"ok"}' }) {}

  async start(keepAliveTimeoutMs?: number): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.answer(this.queue.shift() ?? this.fallback, req, res);
      });
    });
    if (keepAliveTimeoutMs !== undefined) this.server.keepAliveTimeout = keepAliveTimeoutMs;
    this.server.on('connection', (s: Socket) => {
      this.connections++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private answer(f: Fault, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (f === 'hang') return;
    if (f === 'reset') {
      req.socket.destroy();
      return;
    }
    if (f === 'stall-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":');
      return;
    }
    if ('stream' in f) {
      this.streamed = 0;
      this.streamDone = false;
      res.writeHead(200, { 'content-type': 'application/json' });
      const piece = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (this.streamed < f.stream) {
          this.streamed += piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        this.streamDone = true;
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    res.writeHead(f.status, f.headers ?? {});
    res.end(f.body ?? '');
  }

  next(...faults: Fault[]): void {
    this.queue.push(...faults);
  }

  reset(): void {
    this.seen.length = 0;
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
