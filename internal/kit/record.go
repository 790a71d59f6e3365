package kit

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// SHA256SUMS is also spectrumgen's record of what it wrote: a file inside
// the output folder that it lists is spectrumgen's to replace or remove,
// and any other file there is someone else's. Its kit lines come grouped
// by person in the kits' order (the person's files, then the zip), so a
// run reads the record as a stream beside the manifest in the same order,
// and memory does not grow with the number of people.

// group is the lines of one person's kit and zip in a record.
type group struct {
	email  string
	files  map[string]string // path inside people/<email>/ -> its SHA-256, in hex
	zip    bool              // zips/<email>.zip is listed
	zipSum string            // and its SHA-256, in hex
	lines  []*recordLine     // the group's SHA256SUMS lines, as read
}

// raw returns the group's SHA256SUMS lines, all of them when keep is nil,
// else those keep accepts.
func (g *group) raw(keep func(l *recordLine) bool) []byte {
	var b []byte
	for _, l := range g.lines {
		if keep == nil || keep(l) {
			b = append(b, l.raw...)
		}
	}
	return b
}

// key orders groups as the writer orders kits.
func (g *group) key() string { return g.email + "/" }

// recordReader reads a record's groups in order.
type recordReader struct {
	name    string
	r       *bufio.Reader
	line    int
	pending *recordLine
	last    string   // key of the last group returned
	top     []string // paths outside people/ and zips/ (index.html, server/...)
}

type recordLine struct {
	email, rel string // rel "" for the zip
	sum        string
	isZip      bool
	raw        string
}

func newRecordReader(name string, r io.Reader) *recordReader {
	return &recordReader{name: name, r: bufio.NewReaderSize(r, 64<<10)}
}

// readLine returns the next kit line, collecting the others in top; nil at
// the end.
func (rr *recordReader) readLine() (*recordLine, error) {
	for {
		raw, err := rr.r.ReadString('\n')
		if raw == "" && err == io.EOF {
			return nil, nil
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		rr.line++
		sum, p, ok := sumPath(raw)
		if !ok {
			return nil, fmt.Errorf("%s:%d: not a SHA256SUMS line; spectrumgen keeps its record of what it wrote there: restore the file it wrote, or give --out another folder", rr.name, rr.line)
		}
		switch {
		case strings.HasPrefix(p, "people/"):
			email, rel, ok := strings.Cut(strings.TrimPrefix(p, "people/"), "/")
			if ok && email != "" && rel != "" {
				return &recordLine{email: email, rel: rel, sum: sum, raw: raw}, nil
			}
		case strings.HasPrefix(p, "zips/") && strings.HasSuffix(p, ".zip") && !strings.Contains(p[len("zips/"):], "/"):
			return &recordLine{email: strings.TrimSuffix(strings.TrimPrefix(p, "zips/"), ".zip"), sum: sum, isZip: true, raw: raw}, nil
		}
		rr.top = append(rr.top, p)
	}
}

// next returns the next person's group, or nil at the end.
func (rr *recordReader) next() (*group, error) {
	l := rr.pending
	rr.pending = nil
	if l == nil {
		var err error
		if l, err = rr.readLine(); err != nil || l == nil {
			return nil, err
		}
	}
	g := &group{email: l.email, files: map[string]string{}}
	for l != nil && l.email == g.email {
		if l.isZip {
			g.zip, g.zipSum = true, l.sum
		} else {
			g.files[l.rel] = l.sum
		}
		g.lines = append(g.lines, l)
		var err error
		if l, err = rr.readLine(); err != nil {
			return nil, err
		}
	}
	rr.pending = l
	if g.key() <= rr.last {
		return nil, fmt.Errorf("%s:%d: %s is out of the order spectrumgen writes (was the file edited?); restore the file spectrumgen wrote, or give --out another folder", rr.name, rr.line, g.email)
	}
	rr.last = g.key()
	return g, nil
}

// sumPath returns the hash and path of one SHA256SUMS line, unescaped.
func sumPath(line string) (sum, path string, ok bool) {
	line = strings.TrimSuffix(line, "\n")
	escaped := strings.HasPrefix(line, `\`)
	if escaped {
		line = line[1:]
	}
	sum, p, ok := strings.Cut(line, "  ")
	if !ok || len(sum) != 64 || p == "" {
		return "", "", false
	}
	if escaped {
		p = strings.NewReplacer(`\\`, `\`, `\n`, "\n").Replace(p)
	}
	return sum, p, true
}
