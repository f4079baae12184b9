// What a clientToken request answered, so a retry gets the same answer.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.
import type { Scope } from './scope.js';

export interface IdempotencyRecord extends Scope {
  service: string;
  operation: string;
  clientToken: string;
  requestHash: string;
  responseJson: string;
  createdAt: number;
}
