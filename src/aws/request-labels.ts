// What the engine found out about a request (its AWS service and operation), kept beside the request so an
// outer layer — the request metrics — can label it without the engine knowing that layer exists.
import type { IncomingMessage } from 'node:http';

export interface RequestLabels {
  service: string;
  operation?: string;
}

const labels = new WeakMap<IncomingMessage, RequestLabels>();
// Nothing is kept until a reader says it will read (the request metrics, only when metrics are on): a WeakMap entry
// per request is not free, and without metrics nobody asks.
let wanted = false;

/** Called by the layer that reads labels, before any request: from then on the engine's labels are kept. */
export function wantRequestLabels(): void {
  wanted = true;
}

export function labelRequest(request: IncomingMessage, service: string, operation: string | undefined): void {
  if (wanted) labels.set(request, { service, operation });
}

export function requestLabels(request: IncomingMessage): RequestLabels | undefined {
  return labels.get(request);
}
