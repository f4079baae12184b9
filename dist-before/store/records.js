// The rows the domain reads and writes through the Store. Plain data: no behaviour, no driver types.
// Times are epoch milliseconds.
export {};
//# sourceMappingURL=records.js.map