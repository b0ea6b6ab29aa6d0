extension Array where Element == UInt8 {
    /// Appends `v` in decimal ASCII digits, most significant first, without making a String (the
    /// SVG rewrites write many numbers).
    mutating func appendDecimal(_ v: UInt) {
        var divisor: UInt = 1
        while divisor <= v / 10 { divisor *= 10 }
        repeat {
            append(UInt8(48 + v / divisor % 10))
            divisor /= 10
        } while divisor > 0
    }
}
