package terminology

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// PackKey names the code sets a pack holds, for what is derived from them
// and stored beside it (the search index): the pack version and the
// SHA-256 of its body that the header carries. It reads the header only;
// LoadPack checks the body against it.
func PackKey(pack []byte) (string, error) {
	if len(pack) < packHeader || string(pack[:8]) != packMagic {
		return "", ErrNotPack
	}
	if v := binary.LittleEndian.Uint16(pack[8:]); v != PackVersion {
		return "", fmt.Errorf("%w (pack version %d, this build reads %d)", ErrPackVersion, v, PackVersion)
	}
	return fmt.Sprintf("pack%d-%s", PackVersion, hex.EncodeToString(pack[20:52])), nil
}

// PackFileKey is PackKey of the pack file at path, reading its header
// only.
func PackFileKey(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	hdr := make([]byte, packHeader)
	if _, err := io.ReadFull(f, hdr); err != nil {
		return "", fmt.Errorf("%s: %w", path, ErrNotPack)
	}
	return PackKey(hdr)
}
