import Foundation
import XCTest

/// A fresh directory, removed when the test ends.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("apiary-dashboard-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// Where tests leave files for people to look at (screenshots, reports): `.build/test-artifacts/dashboard`.
func artifactDirectory() throws -> URL {
    var root = URL(fileURLWithPath: #filePath)
    while root.pathComponents.count > 1, !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
        root.deleteLastPathComponent()
    }
    let url = root.appendingPathComponent(".build/test-artifacts/dashboard", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `data-figure` key → (displayed text, exact `data-value`) from a page's HTML (or a browser's DOM dump).
func pageFigures(_ html: String) -> [String: (text: String, value: String?)] {
    let pattern = try! NSRegularExpression(pattern: #"data-figure="([^"]+)"(?: data-value="([^"]*)")?>([^<]*)<"#)
    var result: [String: (String, String?)] = [:]
    let range = NSRange(html.startIndex..., in: html)
    for match in pattern.matches(in: html, range: range) {
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: html).map { String(html[$0]) }
        }
        if let key = group(1) { result[unescape(key)] = (unescape(group(3) ?? ""), group(2).map(unescape)) }
    }
    return result
}

private func unescape(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
}
