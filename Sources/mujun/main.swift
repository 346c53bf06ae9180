import Foundation
import MujunCore

HugePages.relaunchIfUseful(CommandLine.arguments)
MallocTuning.apply()
exit(MujunCLI.main(Array(CommandLine.arguments.dropFirst())))
