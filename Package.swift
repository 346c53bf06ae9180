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
        // The readers' and the registry's CPU helpers: a cache prefetch hint (loops over hashed
        // slots), a 64-byte comma/line-feed mask (the fast path for short rows), the record scan
        // that splits windows into chunks, a UTF-8 check 32 or 16 bytes at a time (AVX2 or
        // SSSE3 where the CPU has them; the caller checks byte by byte elsewhere), and the parsers'
        // constant tables (powers of ten, credit-code characters).
        .target(name: "CIntrinsics"),
        .executableTarget(name: "mujun", dependencies: ["MujunCore"]),
        .testTarget(name: "MujunCoreTests", dependencies: ["MujunCore"]),
        // Runs the built `mujun` binary: exit statuses, messages, whole runs.
        .testTarget(name: "MujunCLITests", dependencies: ["MujunCore"]),
    ],
    swiftLanguageModes: [.v5]
)
