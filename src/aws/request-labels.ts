// What the engine found out about a request (its AWS service and operation), kept beside the request so an
// outer layer — the request metrics — can label it without the engine knowing that layer exists.
import type { IncomingMessage } from 'node:http';

export interface RequestLabels {
  service: string;
  operation?: string;
}

const labels = new WeakMap<IncomingMessage, RequestLabels>();

export function labelRequest(request: IncomingMessage, service: string, operation: string | undefined): void {
  labels.set(request, { service, operation });
}

export function requestLabels(request: IncomingMessage): RequestLabels | undefined {
  return labels.get(request);
}
