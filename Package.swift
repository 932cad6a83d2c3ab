// swift-tools-version:6.0
// Apiary: an offline orchestrator for swarms of small language models.
// No package dependencies: the toolchain and the system libsqlite3 only.
import PackageDescription

let package = Package(
    name: "Apiary",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "apiary", targets: ["apiary"]),
        .executable(name: "toml-test-decoder", targets: ["toml-test-decoder"]),
    ],
    targets: [
        // Module map for the system sqlite3 (Debian: libsqlite3-dev).
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // SIMD kernels in C: one file per instruction set, chosen at run time.
        .target(name: "CKernels"),
        .target(name: "Inference", dependencies: ["CKernels"]),
        .target(name: "TOML"),
        .target(name: "Store", dependencies: ["CSQLite"]),
        .target(name: "Terminal"),
        .target(name: "Swarm", dependencies: ["Inference", "TOML"]),
        .target(name: "Batch", dependencies: ["Swarm", "Store"]),
        // A small HTTP/1.1 server (loopback by default, token otherwise, limits); imports nothing of ours.
        .target(name: "HTTP"),
        // The dashboard and report pages, figures read from the store.
        .target(name: "Dashboard", dependencies: ["Store", "HTTP"]),
        .executableTarget(
            name: "apiary",
            dependencies: ["Inference", "TOML", "Swarm", "Store", "Batch", "Terminal", "HTTP", "Dashboard"]
        ),
        .executableTarget(name: "toml-test-decoder", dependencies: ["TOML"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference"], exclude: ["Fixtures"]),
        .testTarget(name: "TOMLTests", dependencies: ["TOML", "ApiaryTestSupport"]),
        // Helpers for tests that run the `apiary` executable as a child process.
        .target(name: "ApiaryTestSupport", path: "Tests/Support"),
        .testTarget(name: "StoreTests", dependencies: ["Store", "ApiaryTestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "SwarmTests", dependencies: ["Swarm"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Store", "HTTP", "ApiaryTestSupport"]),
        .testTarget(name: "BatchTests", dependencies: ["Batch", "ApiaryTestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
