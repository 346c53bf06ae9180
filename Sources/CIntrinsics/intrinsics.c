// The target's functions are static inline in include/cintrinsics.h; SwiftPM needs a source file.
#include "cintrinsics.h"
