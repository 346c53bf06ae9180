import Foundation
import MujunCore

HugePages.relaunchIfUseful(CommandLine.arguments)
exit(MujunCLI.main(Array(CommandLine.arguments.dropFirst())))
