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
        .target(name: "MujunCore"),
        .executableTarget(name: "mujun", dependencies: ["MujunCore"]),
        .testTarget(name: "MujunCoreTests", dependencies: ["MujunCore"]),
        // Runs the built `mujun` binary: exit statuses, messages, whole runs.
        .testTarget(name: "MujunCLITests", dependencies: ["MujunCore"]),
    ],
    swiftLanguageModes: [.v5]
)
