#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension UnsafeBufferPointer where Element == UInt8 {
    /// Where `pattern` first starts in `self[start..<end]` (`end` defaults to the whole buffer):
    /// the byte scan of the SVG rewrites and of the player, which read UTF-8 without building strings.
    public func firstIndex(of pattern: [UInt8], from start: Int, end: Int? = nil) -> Int? {
        let end = end ?? count
        guard let first = pattern.first, start >= 0, end - start >= pattern.count else { return nil }
        var i = start
        while i <= end - pattern.count {
            if self[i] == first {
                var k = 1
                while k < pattern.count && self[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Where `byte` first occurs in `self[start...]` (`memchr`).
    public func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard let base = baseAddress, start >= 0, start < count,
              let hit = memchr(base + start, Int32(byte), count - start) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
}
