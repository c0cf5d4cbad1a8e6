// The few parts of autocannon 8 the judging load test uses (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  };
  type Context = Record<string, unknown>;
  type Histogram = Record<"average" | "p50" | "p90" | "p97_5" | "p99" | "max", number>;
  export type Result = {
    requests: Histogram & { total: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  };
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    overallRate?: number;
    timeout?: number;
    requests?: RequestStep[];
  };
  /** One request of the cycle each connection repeats. */
  export type RequestStep = Request & {
    setupRequest?: (req: Request, context: Context) => Request | undefined;
    onResponse?: (status: number, body: string, context: Context) => void;
  };
  type Instance = EventEmitter & Promise<Result>;
  function autocannon(options: Options): Instance;
  export default autocannon;
}
