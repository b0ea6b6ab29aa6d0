import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Drives a real browser through chromedriver's WebDriver HTTP/JSON API (W3C WebDriver): start
/// the driver, open a session of headless Chromium, and talk to it with plain JSON requests.
/// No Swift WebDriver package is available here, so this is the few calls the tests need, over
/// AsyncHTTPClient (Foundation's URLSession on Linux rejects chromedriver's response headers).
public final class WebDriver {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    private let driver: Process
    private let base: URL
    private var session = ""

    /// Starts chromedriver on `port` and a headless Chromium session.
    public init(port: Int = 9515 + Int(getpid() % 200)) throws {
        guard let chromedriver = WebDriver.find(["chromedriver"]), let chromium = WebDriver.find(["chromium", "chromium-browser", "google-chrome"]) else {
            throw Failure(description: "chromium and chromedriver are needed for the browser tests: run 'make setup' (Debian: apt-get install chromium chromium-driver; macOS: brew install --cask chromium chromedriver)")
        }
        driver = Process()
        driver.executableURL = URL(fileURLWithPath: chromedriver)
        driver.arguments = ["--port=\(port)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        base = URL(string: "http://127.0.0.1:\(port)")!
        // Wait for the driver to answer (at most 10 s).
        var ready = false
        for _ in 0..<100 {
            if let status = try? request("GET", "/status"), (status["value"] as? [String: Any])?["ready"] as? Bool == true { ready = true; break }
            usleep(100_000)
        }
        guard ready else { driver.terminate(); throw Failure(description: "chromedriver did not start") }
        let caps: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000"]],
        ]]]
        let reply = try request("POST", "/session", caps)
        guard let value = reply["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            driver.terminate()
            throw Failure(description: "no browser session: \(reply)")
        }
        session = id
    }

    deinit {
        _ = try? request("DELETE", "/session/\(session)")
        driver.terminate()
        // Poll rather than waitUntilExit(), which can hang on Linux while other tests run processes.
        for _ in 0..<50 where driver.isRunning { usleep(100_000) }
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
    }

    static func find(_ names: [String]) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium", "/opt/homebrew/bin", "/Applications/Chromium.app/Contents/MacOS"]
        for name in names {
            for dir in paths where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    @discardableResult
    func request(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> [String: Any] {
        var r = try HTTPClient.Request(url: base.appendingPathComponent(path).absoluteString, method: HTTPMethod(rawValue: method))
        if let body {
            r.body = HTTPClient.Body.data(try JSONSerialization.data(withJSONObject: body))
            r.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try HTTPClient.shared.execute(request: r, deadline: .now() + .seconds(30)).wait()
        guard let buffer = response.body else { return [:] }
        return (try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// Opens `url`.
    public func open(_ url: URL) throws {
        try request("POST", "/session/\(session)/url", ["url": url.absoluteString])
    }

    /// Runs JavaScript in the page and returns its value.
    public func run(_ script: String) throws -> Any? {
        let reply = try request("POST", "/session/\(session)/execute/sync", ["script": script, "args": []])
        if let error = (reply["value"] as? [String: Any])?["error"] { throw Failure(description: "script failed: \(error)") }
        return reply["value"]
    }

    /// Presses and releases keys, as a user would ("\u{E014}" is →, "\u{E012}" ←, " " space,
    /// "\u{E011}" Home, "\u{E010}" End).
    public func press(_ keys: [String]) throws {
        let actions = keys.flatMap { [["type": "keyDown", "value": $0], ["type": "keyUp", "value": $0]] }
        try request("POST", "/session/\(session)/actions", ["actions": [["type": "key", "id": "keyboard", "actions": actions]]])
    }

    /// Clicks the element `css` selects.
    public func click(_ css: String) throws {
        let found = try request("POST", "/session/\(session)/element", ["using": "css selector", "value": css])
        guard let value = found["value"] as? [String: Any], let id = value.values.first as? String else {
            throw Failure(description: "no element \(css)")
        }
        try request("POST", "/session/\(session)/element/\(id)/click", [:])
    }
}
