// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mujun",
    products: [
        .executable(name: "mujun", targets: ["mujun"]),
        .library(name: "MujunCore", targets: ["MujunCore"]),
    ],
    targets: [
        // Every stage, reader and writer; the executable is only the command-line front end.
        .target(name: "MujunCore", dependencies: ["CSHA256", "CIntrinsics"]),
        // SHA-256 with the CPU's SHA instructions (sha_ni), for hashing inputs at read speed;
        // MujunCore falls back to portable Swift where they are absent.
        .target(name: "CSHA256"),
        // Two static inline helpers: a cache prefetch hint (loops over hashed slots) and a 64-byte
        // comma/line-feed mask (the readers' fast path for short rows).
        .target(name: "CIntrinsics"),
        .executableTarget(name: "mujun", dependencies: ["MujunCore"]),
        .testTarget(name: "MujunCoreTests", dependencies: ["MujunCore"]),
        // Runs the built `mujun` binary: exit statuses, messages, whole runs.
        .testTarget(name: "MujunCLITests", dependencies: ["MujunCore"]),
    ],
    swiftLanguageModes: [.v5]
)
