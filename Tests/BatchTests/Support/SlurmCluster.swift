import ApiaryTestSupport
import Foundation
import XCTest

/// A one-node Slurm cluster of this machine for one test: its own MUNGE key and socket, its
/// own slurm.conf on free ports, and munged, slurmctld and slurmd from the Debian packages
/// (`slurm-wlm`, `munge`) run in the foreground as this process's children (spawned directly:
/// Foundation's `Process` would wait on them through descriptors their own children inherit).
/// `stop()` cancels what is still queued and stops the daemons by their pids.
final class SlurmCluster {
    static let binaries = ["munged", "slurmctld", "slurmd", "sbatch", "scontrol", "squeue", "scancel", "sinfo"]

    let directory: URL
    let environment: [String: String]
    private var started: [pid_t] = []

    /// The binaries missing from PATH and /usr/sbin (empty when Slurm and MUNGE are installed).
    static func missingBinaries() -> [String] {
        binaries.filter { path(of: $0) == nil }
    }

    static func path(of tool: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin:/usr/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(directory: URL) throws {
        self.directory = directory
        let d = directory.path
        for sub in ["state", "spool", "log"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // Daemons and job steps must reach the socket, and munged wants its key private.
        chmod(d, 0o755)
        var key = [UInt8](repeating: 0, count: 1024)
        var generator = SystemRandomNumberGenerator()
        for i in key.indices { key[i] = UInt8.random(in: 0...255, using: &generator) }
        let keyPath = directory.appendingPathComponent("munge.key").path
        guard FileManager.default.createFile(atPath: keyPath, contents: Data(key), attributes: [.posixPermissions: 0o400]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: keyPath])
        }
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let ports = try Self.freePorts(2)
        let conf = directory.appendingPathComponent("slurm.conf").path
        // cred_expire is also how long a requeued job waits before it may start again (120 s by default).
        try """
        ClusterName=apiarytest
        SlurmctldHost=\(host)(127.0.0.1)
        SlurmctldPort=\(ports[0])
        SlurmdPort=\(ports[1])
        AuthType=auth/munge
        CredType=cred/munge
        AuthInfo=socket=\(d)/munge.socket,cred_expire=10
        SlurmUser=\(user)
        SlurmdUser=\(user)
        StateSaveLocation=\(d)/state
        SlurmdSpoolDir=\(d)/spool
        SlurmctldPidFile=\(d)/slurmctld.pid
        SlurmdPidFile=\(d)/slurmd.pid
        SlurmctldLogFile=\(d)/log/slurmctld.log
        SlurmdLogFile=\(d)/log/slurmd.log
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        JobAcctGatherType=jobacct_gather/none
        AccountingStorageType=accounting_storage/none
        SchedulerType=sched/builtin
        SchedulerParameters=sched_interval=5
        SelectType=select/cons_tres
        SelectTypeParameters=CR_CPU
        MpiDefault=none
        SwitchType=switch/none
        ReturnToService=2
        JobRequeue=1
        KillWait=5
        MinJobAge=600
        NodeName=\(host) NodeAddr=127.0.0.1 CPUs=\(max(2, ProcessInfo.processInfo.activeProcessorCount)) RealMemory=1000 State=UNKNOWN
        PartitionName=apiary Nodes=ALL Default=YES MaxTime=INFINITE State=UP
        """.write(toFile: conf, atomically: true, encoding: .utf8)
        environment = ["SLURM_CONF": conf]

        try daemon("munged", ["-F", "--force", "--key-file=\(keyPath)", "--socket=\(d)/munge.socket", "--pid-file=\(d)/munged.pid",
                              "--log-file=\(d)/log/munged.log", "--seed-file=\(d)/munged.seed"])
        let socketDeadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: "\(d)/munge.socket"), Date() < socketDeadline { Thread.sleep(forTimeInterval: 0.05) }
        try daemon("slurmctld", ["-D", "-c", "-f", conf])
        try daemon("slurmd", ["-D", "-f", conf])
        // Ready when the node takes jobs.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let state = try? run("sinfo", ["-h", "-o", "%T"]).output.trimmingCharacters(in: .whitespacesAndNewlines), state == "idle" { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "the Slurm node did not come up: \(log("slurmctld"))\n\(log("slurmd"))"])
    }

    deinit {
        stop()
    }

    /// Runs a Slurm client tool against this cluster.
    @discardableResult
    func run(_ tool: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        let executable = URL(fileURLWithPath: Self.path(of: tool) ?? tool)
        return try ChildProcess(executable, arguments, environment: environment.merging(extra) { $1 }, directory: directory).wait()
    }

    /// A job's fields as `scontrol show job -o` prints them (`JobState`, `RestartCnt`, …), per task of an array.
    func jobs(_ id: String) throws -> [[String: String]] {
        try run("scontrol", ["show", "job", "-o", id]).output.split(separator: "\n").map { line in
            var fields: [String: String] = [:]
            for pair in line.split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            return fields
        }
    }

    func log(_ daemon: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("log/\(daemon).log"), encoding: .utf8))?.split(separator: "\n").suffix(15)
            .joined(separator: "\n") ?? "(no \(daemon) log)"
    }

    /// Cancels every job still known and stops the daemons this cluster started.
    func stop() {
        guard !started.isEmpty else { return }
        if let queued = try? run("squeue", ["-h", "-o", "%A"]).output.split(separator: "\n").map(String.init), !queued.isEmpty {
            _ = try? run("scancel", queued)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, !((try? run("squeue", ["-h", "-o", "%A"]).output) ?? "").isEmpty { Thread.sleep(forTimeInterval: 0.2) }
        }
        for pid in started.reversed() {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            let deadline = Date().addingTimeInterval(5)
            while waitpid(pid, &status, WNOHANG) == 0 {
                if Date() > deadline {
                    kill(pid, SIGKILL)
                    waitpid(pid, &status, 0)
                    break
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        started.removeAll()
    }

    /// Starts `name` in the foreground with stdin from /dev/null and its output in log/NAME.out.
    private func daemon(_ name: String, _ arguments: [String]) throws {
        guard let path = Self.path(of: name) else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, directory.appendingPathComponent("log/\(name).out").path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard code == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(name): \(String(cString: strerror(code)))"]) }
        started.append(pid)
    }

    /// TCP ports nothing listens on now (bound to port 0, read back, released).
    private static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
            sockets.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw CocoaError(.fileReadUnknown) }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}
