import Foundation

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let lessonsFolder = repositoryRoot.appendingPathComponent("lessons")

/// Every lesson file shipped in `lessons/`.
let shippedLessons: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: lessonsFolder.path)) ?? [])
    .filter { $0.hasSuffix(".yaml") }.sorted()

func temporaryFolder(_ name: String) -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("convviz-\(name)-\(getpid())-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

/// Runs a command-line tool (pdfinfo, pdftotext) and returns its standard output.
func tool(_ name: String, _ args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [name] + args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(name) failed (is poppler-utils installed? run 'make setup')"])
    }
    return String(decoding: data, as: UTF8.self)
}

func files(in folder: URL, ending: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(ending) }.sorted()
}
