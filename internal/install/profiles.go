package install

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Profile is one Thunderbird profile found on the machine.
type Profile struct {
	Name    string
	Dir     string
	Default bool // the one Thunderbird starts with
}

// iniSections reads an INI file (profiles.ini, installs.ini) into
// sections of key=value pairs. Thunderbird writes these files itself; a
// line that is neither a section, a key nor a comment is skipped, as
// Mozilla's INI parser does.
func iniSections(data []byte) map[string]map[string]string {
	out := map[string]map[string]string{}
	var cur map[string]string
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == ';' || line[0] == '#':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			cur = map[string]string{}
			out[line[1:len(line)-1]] = cur
		case cur != nil:
			if k, v, ok := strings.Cut(line, "="); ok {
				cur[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

// FindProfiles lists the Thunderbird profiles in every usual place on
// this machine, the default first. The default is the one an install of
// Thunderbird locks to (an [Install…] section of profiles.ini or
// installs.ini), else the one marked Default=1.
func FindProfiles(e Env) ([]Profile, error) {
	var all []Profile
	for _, root := range e.thunderbirdRoots() {
		data, err := os.ReadFile(filepath.Join(root, "profiles.ini"))
		if err != nil {
			continue
		}
		secs := iniSections(data)
		installDefault := map[string]bool{}
		if inst, err := os.ReadFile(filepath.Join(root, "installs.ini")); err == nil {
			for _, s := range iniSections(inst) {
				if d := s["Default"]; d != "" {
					installDefault[d] = true
				}
			}
		}
		for name, s := range secs {
			if strings.HasPrefix(name, "Install") && s["Default"] != "" {
				installDefault[s["Default"]] = true
			}
		}
		var found []Profile
		for name, s := range secs {
			if !strings.HasPrefix(name, "Profile") || s["Path"] == "" {
				continue
			}
			dir := filepath.FromSlash(s["Path"])
			if s["IsRelative"] == "1" {
				dir = filepath.Join(root, dir)
			}
			found = append(found, Profile{Name: s["Name"], Dir: dir,
				Default: installDefault[s["Path"]] || (len(installDefault) == 0 && s["Default"] == "1")})
		}
		sort.Slice(found, func(i, j int) bool {
			if found[i].Default != found[j].Default {
				return found[i].Default
			}
			return found[i].Name < found[j].Name
		})
		all = append(all, found...)
	}
	return all, nil
}

// ChooseProfile picks the profile to install into: dir when given, else
// the single default one. With several candidates and no way to tell, it
// returns an error that lists them and says how to choose.
func ChooseProfile(e Env, dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	profiles, err := FindProfiles(e)
	if err != nil {
		return "", err
	}
	if len(profiles) == 0 {
		return "", fmt.Errorf("no Thunderbird profile was found (looked for profiles.ini in %s); "+
			"start Thunderbird once so that it makes one, or give the profile folder with --profile-dir",
			strings.Join(e.thunderbirdRoots(), ", "))
	}
	var defaults []Profile
	for _, p := range profiles {
		if p.Default {
			defaults = append(defaults, p)
		}
	}
	if len(defaults) == 1 {
		return defaults[0].Dir, nil
	}
	if len(profiles) == 1 {
		return profiles[0].Dir, nil
	}
	return "", &AmbiguousProfiles{Profiles: profiles}
}

// AmbiguousProfiles is ChooseProfile's error when several profiles are
// found and none is the default: at a terminal, the person picks one.
type AmbiguousProfiles struct{ Profiles []Profile }

func (e *AmbiguousProfiles) Error() string {
	var b strings.Builder
	for _, p := range e.Profiles {
		fmt.Fprintf(&b, "\n  %s  (%s)", p.Dir, p.Name)
	}
	return "there are several Thunderbird profiles and none is clearly the default; choose one with --profile-dir:" + b.String()
}
