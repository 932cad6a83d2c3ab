#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element == UInt8 {
    /// Whether the bytes contain `byte`: memchr, which stays fast in debug builds where the
    /// generic `contains` does not.
    func containsByte(_ byte: UInt8) -> Bool {
        withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }
}
