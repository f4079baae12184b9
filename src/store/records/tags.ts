// Tags of any service's resources, keyed by ARN.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.

export interface TagRecord {
  key: string;
  value: string;
}
