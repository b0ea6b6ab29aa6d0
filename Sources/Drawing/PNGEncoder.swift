import CZlib
import Foundation

/// A small PNG writer for RGB images. Cairo's own writer compresses at zlib's default level,
/// which took most of the time of a lesson. Measured on lesson frames (1920×1080), zlib's fastest
/// level with no row filter is about as fast as any other choice we tried (the "Sub" or "Up"
/// filter, the run-length strategy, libdeflate) and the smallest of the fast ones: figures are
/// large flat areas of colour, which level 1's matches pack directly. The output is a plain 8-bit
/// RGB PNG and depends only on the pixels, so it is deterministic.
enum PNGEncoder {
    /// `base` points at rows of `stride` bytes holding native-endian 0x__RRGGBB words (Cairo's RGB24).
    static func encode(width: Int, height: Int, base: UnsafeMutablePointer<UInt8>, stride: Int) throws(DrawingError) -> Data {
        let compressed = try deflateFast(rows: height, rowBytes: 1 + 3 * width) { y, row in
            // A scanline: a filter byte (0 = None) then the R, G, B bytes of each pixel. Each pixel
            // is stored as four bytes R, G, B, 0 (one 32-bit store); the next pixel overwrites the
            // 0, and the last pixel's 0 lands on the next row's filter byte, which is 0 too (the
            // buffer has one spare byte for the last row's).
            row.storeBytes(of: 0, as: UInt8.self)
            let pixels = UnsafeRawPointer(base + y * stride)
            for x in 0..<width {
                // 0x__RRGGBB → 0xBBGGRR00 → 0x00BBGGRR, little-endian in memory: R, G, B, 0.
                let p = pixels.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                row.storeBytes(of: (p.byteSwapped >> 8).littleEndian, toByteOffset: 1 + 3 * x, as: UInt32.self)
            }
        }

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(bigEndian: UInt32(width))
        header.append(bigEndian: UInt32(height))
        header.append(contentsOf: [8, 2, 0, 0, 0])  // 8-bit, RGB, deflate, adaptive filters, no interlace
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", Data(compressed))
        png.appendChunk("IEND", Data())
        return png
    }
}

/// zlib at its fastest level (1), default strategy, over `rows` scanlines of `rowBytes` bytes that
/// `scanline(y, into)` writes, 32 at a time: the whole image's scanlines (6 MB for a 1080p frame)
/// are never held at once.
private func deflateFast(rows: Int, rowBytes: Int, _ scanline: (Int, UnsafeMutableRawPointer) -> Void) throws(DrawingError) -> [UInt8] {
    var stream = z_stream()
    var status = deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw .cairo(operation: "start zlib", status: "zlib error \(status)") }
    defer { deflateEnd(&stream) }
    let batch = 32
    let input = UnsafeMutableRawPointer.allocate(byteCount: batch * rowBytes + 1, alignment: 16)
    defer { input.deallocate() }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    // At least one batch, so that even an image of no rows gets a finished stream.
    for first in Swift.stride(from: 0, through: max(0, rows - 1), by: batch) {
        let count = min(batch, rows - first)
        for y in 0..<count { scanline(first + y, input + y * rowBytes) }
        stream.next_in = input.assumingMemoryBound(to: UInt8.self)
        stream.avail_in = uInt(count * rowBytes)
        let flush = first + count >= rows ? Z_FINISH : Z_NO_FLUSH
        // Drain the output 64 KB at a time until zlib has taken all the input (and, at the end, finished).
        repeat {
            let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = deflate(&stream, flush)
                return out.count - Int(stream.avail_out)
            }
            output.append(contentsOf: chunk[..<produced])
        } while stream.avail_out == 0 || (flush == Z_FINISH && status == Z_OK)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw .cairo(operation: "compress a PNG", status: "zlib error \(status)")
        }
    }
    guard status == Z_STREAM_END else { throw .cairo(operation: "compress a PNG", status: "zlib error \(status)") }
    return output
}

private extension Data {
    mutating func append(bigEndian v: UInt32) {
        append(contentsOf: [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])
    }

    mutating func appendChunk(_ type: String, _ body: Data) {
        append(bigEndian: UInt32(body.count))
        let typed = Data(type.utf8) + body
        append(typed)
        let crc = typed.withUnsafeBytes { raw in
            crc32(0, raw.bindMemory(to: UInt8.self).baseAddress, uInt(typed.count))
        }
        append(bigEndian: UInt32(crc))
    }
}
