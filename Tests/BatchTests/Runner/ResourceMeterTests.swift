import Foundation
import XCTest
@testable import Batch

/// RAPL read from a powercap tree laid out as the kernel does it (in a temporary directory).
final class ResourceMeterTests: XCTestCase {
    private func powercap(_ zones: [String: (energy: UInt64, range: UInt64)]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("powercap-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        for (name, zone) in zones { try write(root, name, zone.energy, range: zone.range) }
        return root
    }

    private func write(_ root: URL, _ zone: String, _ energy: UInt64, range: UInt64 = 262_143_328_850) throws {
        let directory = root.appendingPathComponent(zone)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "\(energy)\n".write(to: directory.appendingPathComponent("energy_uj"), atomically: true, encoding: .utf8)
        try "\(range)\n".write(to: directory.appendingPathComponent("max_energy_range_uj"), atomically: true, encoding: .utf8)
    }

    func testPackagesAreSummedAndTheirSubzonesNotCountedTwice() throws {
        let root = try powercap(["intel-rapl:0": (1_000_000, 10_000_000), "intel-rapl:1": (500_000, 10_000_000),
                                 "intel-rapl:0:0": (100, 10_000_000)])
        let meter = ResourceMeter(powercap: root.path)
        try write(root, "intel-rapl:0", 3_500_000, range: 10_000_000)
        try write(root, "intel-rapl:1", 1_000_000, range: 10_000_000)
        try write(root, "intel-rapl:0:0", 9_000_000, range: 10_000_000)
        let usage = meter.lap()
        XCTAssertEqual(try XCTUnwrap(usage.energyJoules), 3.0, accuracy: 1e-9, "2.5 J + 0.5 J; the subzone is part of package 0")
        XCTAssertGreaterThanOrEqual(usage.wallSeconds, 0)
        XCTAssertGreaterThanOrEqual(usage.cpuSeconds, 0)
    }

    func testACounterThatWrappedCountsFromItsRange() throws {
        let root = try powercap(["intel-rapl:0": (9_000_000, 10_000_000)])
        let meter = ResourceMeter(powercap: root.path)
        try write(root, "intel-rapl:0", 1_000_000, range: 10_000_000)
        XCTAssertEqual(try XCTUnwrap(meter.lap().energyJoules), 2.0, accuracy: 1e-9)
    }

    func testWithoutPowercapEnergyIsUnknownButTimeIsMeasured() {
        let meter = ResourceMeter(powercap: "/nonexistent-powercap")
        var sum = 0.0
        for i in 0..<200_000 { sum += Double(i).squareRoot() }
        let usage = meter.lap()
        XCTAssertNil(usage.energyJoules)
        XCTAssertGreaterThan(usage.cpuSeconds + usage.wallSeconds, 0, "\(sum)")
    }
}
