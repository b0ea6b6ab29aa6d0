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

func files(in folder: URL, ending: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(ending) }.sorted()
}
