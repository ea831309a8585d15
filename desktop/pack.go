package desktop

import (
	"github.com/codebench/codebench/app/terminology"
)

// loadPack reads the code-set pack built into the binary.
func loadPack(b []byte) (*terminology.Set, error) { return terminology.LoadPack(b) }
