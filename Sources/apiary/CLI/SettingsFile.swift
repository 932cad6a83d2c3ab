import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replacing a swarm or policy file after an in-place edit (`eval --write`, `calibrate
/// --write`): the new bytes go to a temporary file beside it, which then takes its place in
/// one rename, so a crash leaves the old file or the new one, never half of each. The file's
/// permissions are kept; a link is followed and its target replaced.
enum SettingsFile {
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var status = stat()
        guard stat(target, &status) == 0 else { throw CLIError.failed("\(path): cannot read the file's permissions") }
        let temporary = target + ".apiary-\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, status.st_mode & 0o7777)
        guard descriptor >= 0 else { throw CLIError.failed("\(temporary): cannot create (\(String(cString: strerror(errno))))") }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok, rename(temporary, target) == 0 else {
            unlink(temporary)
            throw CLIError.failed("\(path): cannot write the edited file (\(String(cString: strerror(errno))))")
        }
    }
}
