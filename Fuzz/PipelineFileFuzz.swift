import Foundation

/// libFuzzer target: the fuzz input is a pipeline file. Any crash, trap or hang is a finding; a
/// ConfigError is the expected outcome for nonsense.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipelineFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PipelineLoader.parse(Data(bytes: data, count: size), path: "fuzz.json5")
    return 0
}
