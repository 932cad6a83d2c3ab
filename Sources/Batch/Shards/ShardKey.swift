import Store

/// Which shard of `--shard K/N` each input record belongs to, decided from the record alone:
/// the same on every machine, whatever the file order, whichever shard asks.
///
/// A record's key is its ticket id; a rejected record's id when it has one (a duplicate lands
/// in the shard of the ticket it repeats), else `@line` and the line its record starts on.
/// Its shard: h = FNV-1a-64 of the key's UTF-8 bytes, mixed by MurmurHash3's 64-bit finalizer
/// (`h ^= h >> 33; h *= 0xff51afd7ed558ccd; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53;
/// h ^= h >> 33`, wrapping), then the high 64 bits of h × N (`(h * N) >> 64` in Python). FNV-1a
/// alone leaves its high bits nearly blind to the last characters (`SUP-1`, `SUP-2`, … would
/// all land in one shard); the finalizer spreads every input bit over all 64, so ids spread
/// evenly for any N.
public enum ShardKey {
    /// The key `item` is sharded by; nil for a read failure (which ends every shard's input alike).
    public static func key(of item: TicketInputItem) -> String? {
        switch item {
        case .ticket(let ticket): return ticket.id
        case .rejected(let rejection): return rejection.id.flatMap { $0.isEmpty ? nil : $0 } ?? "@line\(rejection.line)"
        case .failed: return nil
        }
    }

    /// The key of a record as the store keeps it: a ticket's id; a rejected record's store key
    /// (`id@lineN`, see `BatchRunner.rejectionKey`) without its `@lineN`, or `@lineN` alone.
    public static func key(of item: StoredBatchItem) -> String {
        guard item.state == "rejected" else { return item.ticket }
        let suffix = "@line\(item.line)"
        guard item.ticket.hasSuffix(suffix) else { return item.ticket }
        let id = String(item.ticket.dropLast(suffix.count))
        return id.isEmpty ? suffix : id
    }

    /// The shard (0 to `count` - 1) of `key` among `count`.
    public static func shard(of key: String, count: Int) -> Int {
        var fnv = FNV1a()
        fnv.add(key)
        var hash = fnv.value
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return Int(hash.multipliedFullWidth(by: UInt64(max(1, count))).high)
    }

    /// True when `item` belongs to `shard` (a read failure belongs to all).
    public static func belongs(_ item: TicketInputItem, to shard: BatchShard) -> Bool {
        guard let key = key(of: item) else { return true }
        return self.shard(of: key, count: shard.count) == shard.index
    }
}
