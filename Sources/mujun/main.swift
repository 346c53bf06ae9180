import Foundation
import MujunCore

exit(MujunCLI.main(Array(CommandLine.arguments.dropFirst())))
