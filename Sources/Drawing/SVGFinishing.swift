import Foundation

/// What becomes of the SVG Cairo writes, once the surface is finished: the same picture in fewer
/// bytes, and the same bytes for the same picture. In order:
///
/// 1. ``SVGIdentifiers``: ids renumbered in order of appearance (Cairo's counters are per process);
/// 2. ``SVGCompaction``: numbers to two decimals, colours in hex, no indentation;
/// 3. ``SVGGlyphSharing``: a glyph's outline kept once, at the largest size it is drawn at;
/// 4. ``SVGGlyphRuns``: glyphs that draw nothing (spaces) or that nothing draws dropped, a run's baseline said once, glyph ids `gN`;
/// 5. ``SVGStyles``: style declarations that hold anyway dropped;
/// 6. ``SVGPathData``: path data in its short form, translations folded into the points.
///
/// Steps 3–6 read what the steps before them wrote (sharing compares the rounded numbers and
/// `glyphF-N` ids, the path data is read in hundredths).
enum SVGFinishing {
    static func finish(_ bytes: [UInt8]) -> [UInt8] {
        var svg = SVGIdentifiers.normalize(bytes)
        svg = SVGCompaction.compact(svg)
        svg = SVGGlyphSharing.share(svg)
        svg = SVGGlyphRuns.dropUnusedGlyphs(svg)
        svg = SVGGlyphRuns.hoistBaselines(svg)
        svg = SVGGlyphRuns.shortenGlyphIDs(svg)
        svg = SVGStyles.dropDefaults(svg)
        return SVGPathData.compact(svg)
    }

    /// Finishes the SVG file at `path` in place.
    static func finishFile(at path: String) throws(DrawingError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .file(path: path, reason: "cannot read the SVG back to finish it.")
        }
        do {
            try Data(finish([UInt8](data))).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .file(path: path, reason: "cannot write the SVG (\(error.localizedDescription)).")
        }
    }
}
