import CZlib
import Foundation

/// A small PNG writer for RGB images. Cairo's own writer compresses at zlib's default level,
/// which takes most of the time of a lesson; figures are large flat areas of colour, which the
/// "Sub" filter and zlib's run-length strategy pack almost as small, several times faster. The output is a
/// plain 8-bit RGB PNG and depends only on the pixels, so it is deterministic.
enum PNGEncoder {
    /// `base` points at rows of `stride` bytes holding native-endian 0x__RRGGBB words (Cairo's RGB24).
    static func encode(width: Int, height: Int, base: UnsafeMutablePointer<UInt8>, stride: Int) throws(DrawingError) -> Data {
        // Filtered scanlines: a filter byte (1 = Sub) then RGB bytes, each minus its left neighbour.
        let rowBytes = 1 + 3 * width
        let raw = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { buf, count in
            count = rowBytes * height
            for y in 0..<height {
                let row = y * rowBytes
                buf[row] = 1
                var pr: UInt8 = 0, pg: UInt8 = 0, pb: UInt8 = 0
                for x in 0..<width {
                    let p = UnsafeRawPointer(base + y * stride + 4 * x).loadUnaligned(as: UInt32.self)
                    let r = UInt8((p >> 16) & 0xFF), g = UInt8((p >> 8) & 0xFF), b = UInt8(p & 0xFF)
                    let o = row + 1 + 3 * x
                    buf[o] = r &- pr
                    buf[o + 1] = g &- pg
                    buf[o + 2] = b &- pb
                    pr = r; pg = g; pb = b
                }
            }
        }
        let compressed = try deflateRLE(raw)

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

/// zlib with the run-length strategy: filtered figure rows are long runs of zeros, which it packs
/// well and fast.
private func deflateRLE(_ input: [UInt8]) throws(DrawingError) -> [UInt8] {
    var stream = z_stream()
    var status = deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_RLE, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
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
