// The key every record is scoped by: an AWS account in one region.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.

export interface Scope {
  accountId: string;
  region: string;
}
