// swift-tools-version:5.9
// The Swift package of billing-core's uniffi bindings. Its generated parts
// (Sources/BillingCore/BillingCore.swift, Sources/BillingCoreFFI/BillingCoreFFI.h)
// and the Rust static library (lib/) are not committed: run ./prepare.sh on
// a Mac first, then `swift test`. See ../README.md.
import PackageDescription
import Foundation

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

let package = Package(
    name: "BillingCore",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "BillingCore", targets: ["BillingCore"]),
    ],
    targets: [
        // The C interface of the Rust library (header + module map that links it).
        .systemLibrary(name: "BillingCoreFFI", path: "Sources/BillingCoreFFI"),
        // The generated Swift bindings plus the hand-written BillingError.swift.
        .target(
            name: "BillingCore",
            dependencies: ["BillingCoreFFI"],
            path: "Sources/BillingCore",
            linkerSettings: [.unsafeFlags(["-L\(packageRoot)/lib"])]
        ),
        .testTarget(
            name: "BillingCoreTests",
            dependencies: ["BillingCore"],
            path: "Tests/BillingCoreTests"
        ),
    ]
)
