import Foundation
import Store

/// Measures wall time, the process's CPU time and, where the kernel lets us
/// read it, RAPL package energy (`/sys/class/powercap/*/energy_uj`), as laps:
/// each `lap()` is the usage since the previous one.
///
/// RAPL counts the whole CPU package (other processes included) and is often
/// readable by root only; where it is not, energy stays nil and the dashboard
/// estimates it from CPU-seconds × the configured wattage, saying so.
final class ResourceMeter {
    private struct Reading {
        var wall: Double
        var cpu: Double
        var microjoules: [UInt64]?
    }

    private let zones: [(energy: String, range: UInt64)]
    private var last: Reading

    init(powercap: String = "/sys/class/powercap") {
        // Top-level zones only (intel-rapl:0, not intel-rapl:0:0): subzones are part of their package.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: powercap)) ?? []
        zones = names.filter { $0.split(separator: ":").count == 2 }.sorted().compactMap { name in
            let directory = powercap + "/" + name
            guard Self.counter(directory + "/energy_uj") != nil else { return nil }
            return (directory + "/energy_uj", Self.counter(directory + "/max_energy_range_uj") ?? UInt64.max)
        }
        last = Reading(wall: 0, cpu: 0, microjoules: nil)
        last = read()
    }

    /// Usage since the previous lap (or since the meter was made).
    func lap() -> ResourceUsage {
        let now = read()
        defer { last = now }
        var joules: Double?
        if let before = last.microjoules, let after = now.microjoules, before.count == after.count {
            // A counter that wrapped restarted from zero after its range.
            joules = zip(zip(before, after), zones).reduce(0.0) { sum, pair in
                let ((b, a), zone) = pair
                return sum + Double(a >= b ? a - b : zone.range - b + a) / 1e6
            }
        }
        return ResourceUsage(wallSeconds: now.wall - last.wall, cpuSeconds: now.cpu - last.cpu, energyJoules: joules)
    }

    private func read() -> Reading {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let counters = zones.compactMap { Self.counter($0.energy) }
        return Reading(wall: ProcessInfo.processInfo.systemUptime, cpu: cpu,
                       microjoules: zones.isEmpty || counters.count != zones.count ? nil : counters)
    }

    private static func counter(_ path: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
