package kit

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spectrumgen/spectrumgen/generators"
	"github.com/spectrumgen/spectrumgen/internal/account"
	"github.com/spectrumgen/spectrumgen/internal/instructions"
)

// Names of the files at the top of the output and in server/.
const (
	IndexName        = "index.html"
	SumsName         = "SHA256SUMS"
	ServerReadmeName = "server/README.txt"
)

// topWritten counts the files at the top and their bytes.
type topWritten struct {
	files, written int
	bytes          int64
}

// writeTop writes server/README.txt, index.html and SHA256SUMS, in that
// order. server holds the SHA256SUMS lines of the shared files; sums has
// those of the people's kits and zips, and of kits an earlier run wrote
// for people no longer listed (kept: former names them for the index).
// zips says whether the kits have zips.
func (o *outDir) writeTop(accounts []account.Account, zips bool, former []string, shared []generators.File,
	server sumLines, sums *sumsWriter) (topWritten, error) {
	var tw topWritten
	paths := make([]string, len(shared))
	for i, f := range shared {
		paths[i] = f.Path
	}
	readme, err := instructions.ServerReadme(paths)
	if err != nil {
		return tw, err
	}
	wrote, err := writeFileAtomic(filepath.Join(o.root, filepath.FromSlash(ServerReadmeName)), readme, 0o644)
	if err != nil {
		return tw, err
	}
	tw.count(wrote, int64(len(readme)))
	idx := instructions.Index{
		People:      len(accounts),
		Clients:     instructions.IndexClients(accounts),
		Zip:         zips,
		Former:      former,
		ServerFiles: append([]string{"README.txt"}, paths...),
	}
	if len(accounts) > 0 {
		idx.Organization = accounts[0].Organization
	}
	var indexSum string
	indexSize, wrote, err := o.stream(IndexName, 0o644, func(w *bufio.Writer) error {
		h := sha256.New()
		err := instructions.WriteIndex(io.MultiWriter(w, h), idx, accounts)
		indexSum = hex.EncodeToString(h.Sum(nil))
		return err
	})
	if err != nil {
		return tw, err
	}
	tw.count(wrote, indexSize)
	// server/README.txt sorts before the shared files (upper case first).
	var first sumLines
	first.add(ServerReadmeName, readme)
	sumsSize, wrote, err := sums.finish(indexSum, first.b, server.b)
	if err != nil {
		return tw, err
	}
	tw.count(wrote, sumsSize)
	return tw, nil
}

func (tw *topWritten) count(wrote bool, size int64) {
	tw.files++
	if wrote {
		tw.written++
		tw.bytes += size
	}
}

// stream writes the file name at the top of the output through a buffer
// to a temporary file, then renames it into place (topFile): readers never
// see a half-written index, and nothing is held in memory but the buffer.
func (o *outDir) stream(name string, perm os.FileMode, fill func(*bufio.Writer) error) (size int64, wrote bool, err error) {
	t, err := o.createTop(name, perm)
	if err != nil {
		return 0, false, err
	}
	defer t.discard()
	w := bufio.NewWriterSize(t, 64<<10)
	if err := fill(w); err != nil {
		return 0, false, fmt.Errorf("writing %s: %w", name, err)
	}
	if err := w.Flush(); err != nil {
		return 0, false, err
	}
	wrote, err = t.commit()
	return t.size, wrote, err
}
