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
        // Scanlines: a filter byte (0 = None) then the R, G, B bytes of each pixel. Each pixel is
        // stored as four bytes R, G, B, 0 (one 32-bit store); the next pixel overwrites the 0, and
        // the last pixel's 0 lands on the next row's filter byte, which is 0 too (one spare byte
        // at the end takes the last row's).
        let rowBytes = 1 + 3 * width
        let raw = [UInt8](unsafeUninitializedCapacity: rowBytes * height + 1) { buf, count in
            let out = UnsafeMutableRawPointer(buf.baseAddress!)
            for y in 0..<height {
                let row = out + y * rowBytes
                row.storeBytes(of: 0, as: UInt8.self)
                let pixels = UnsafeRawPointer(base + y * stride)
                for x in 0..<width {
                    // 0x__RRGGBB → 0xBBGGRR00 → 0x00BBGGRR, little-endian in memory: R, G, B, 0.
                    let p = pixels.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                    row.storeBytes(of: (p.byteSwapped >> 8).littleEndian, toByteOffset: 1 + 3 * x, as: UInt32.self)
                }
            }
            count = rowBytes * height
        }
        let compressed = try deflateFast(raw)

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

/// zlib at its fastest level (1), default strategy.
private func deflateFast(_ input: [UInt8]) throws(DrawingError) -> [UInt8] {
    var stream = z_stream()
    var status = deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw .cairo(operation: "start zlib", status: "zlib error \(status)") }
    defer { deflateEnd(&stream) }
    let bound = Int(deflateBound(&stream, uLong(input.count)))
    var output = [UInt8](unsafeUninitializedCapacity: bound) { _, count in count = bound }
    let produced: Int = input.withUnsafeBufferPointer { inBuf in
        output.withUnsafeMutableBufferPointer { outBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = uInt(inBuf.count)
            stream.next_out = outBuf.baseAddress
            stream.avail_out = uInt(outBuf.count)
            status = deflate(&stream, Z_FINISH)
            return outBuf.count - Int(stream.avail_out)
        }
    }
    guard status == Z_STREAM_END else { throw .cairo(operation: "compress a PNG", status: "zlib error \(status)") }
    output.removeSubrange(produced...)
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
