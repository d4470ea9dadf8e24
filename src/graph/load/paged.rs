//! Paged text: a large regular file mapped read-only instead of copied into a buffer, and the
//! pages each reader has passed released behind it ([`Behind`]), so that the raw text and the
//! parsed graph are never both resident in full. Owns the mapping, its guard and the release;
//! not the choice of when to page (`read.rs`) nor any parsing. Imports nothing of the loader,
//! so every reader can use [`Behind`].
//!
//! Why it is worth `unsafe`: the copy into a read buffer was an eighth of `kgx check`'s time at
//! 1M entities, and the buffer half of its peak memory (the text and the graph both resident).
//! A private read-only mapping costs no copy, and its pages, once dropped with
//! `madvise(MADV_DONTNEED)`, come back from the page cache with the same bytes on the next access,
//! so a later re-read (an error's `line:column`, the duplicate-id re-read) stays correct.
//!
//! Why a file changed while mapped is not undefined behaviour: the mapping is only made under a
//! Linux read lease (`fcntl(F_SETLEASE, F_RDLCK)`), which fails if anyone has the file open for
//! writing (then the file is read the plain way) and, while held, makes a writer's `open` for
//! writing or `truncate` wait until kgx closes the file, for up to `/proc/sys/fs/lease-break-time`
//! seconds (45 by default: far beyond a load). The lease-break signal is set to `SIGURG`, whose
//! default action is to ignore it (`SIGIO`'s would end the process). The caller also compares
//! the file's size and time before and after, as for a plain read. All `unsafe` is in [`sys`],
//! one function per system call, each with its reason.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Pages are released in steps of this many bytes, one step behind the reader (what a reader
/// may still look back at, such as the start of the record it is in, stays resident).
const RELEASE_STEP: usize = 16 << 20;

/// The release step in force ([`RELEASE_STEP`] unless a test lowered it).
static STEP: AtomicUsize = AtomicUsize::new(RELEASE_STEP);

/// The live mappings, as (address, length): releasing is only ever done inside one of them,
/// checked under this lock, which a mapping also takes before it is unmapped.
static MAPPINGS: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

/// Bytes released so far, by every reader (for tests: proof that pages were released).
static RELEASED: AtomicUsize = AtomicUsize::new(0);

/// Lowers the release step for tests, so that small files are released behind their readers.
#[cfg(any(test, feature = "test-support"))]
pub(crate) fn set_release_step(bytes: usize) {
    STEP.store(bytes.max(1), Ordering::Relaxed);
}

/// The bytes released so far by every reader in this process.
#[cfg(any(test, feature = "test-support"))]
pub(crate) fn pages_released() -> usize {
    RELEASED.load(Ordering::Relaxed)
}

/// A regular file mapped read-only, under a read lease, and checked to be UTF-8.
pub(crate) struct PagedText {
    at: usize,
    len: usize,
    /// Holds the lease; closed after the mapping is gone.
    _file: File,
}

impl PagedText {
    /// Maps `path` (a regular file) if a read lease can be taken, and checks it is UTF-8,
    /// releasing the pages behind the check. `None` when any of it fails (no lease, an empty
    /// file, not UTF-8): the caller reads the file the plain way, which gives the messages.
    pub(crate) fn open(path: &Path) -> Option<PagedText> {
        let file = File::open(path).ok()?;
        let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
        if len == 0 || !sys::take_read_lease(file.as_raw_fd()) {
            return None;
        }
        let at = sys::map(file.as_raw_fd(), len)?;
        lock().push((at, len));
        let paged = PagedText {
            at,
            len,
            _file: file,
        };
        paged.check_utf8().then_some(paged)
    }

    /// The file's text.
    pub(crate) fn text(&self) -> &str {
        sys::checked_text(self)
    }

    /// Checks the bytes are UTF-8 a step at a time, releasing each step once checked: the
    /// first and second halves on two threads (the check is a tenth of a large load otherwise).
    ///
    /// Keeping the checked pages mapped for the parse saves it faulting them in again (about
    /// 15 ms of a 0.8 s native load at 1M entities), but a reader that releases pages only behind
    /// itself then starts with the whole file resident: a 1 GB Wikidata dump peaked at 1.03 GB
    /// instead of 0.63 GB, APOC JSON Lines at 1.30× its file instead of 0.93×. So it releases.
    fn check_utf8(&self) -> bool {
        let bytes = sys::bytes(self);
        let step = STEP.load(Ordering::Relaxed).max(4);
        let half = char_boundary_after(bytes, bytes.len() / 2);
        let (first, second) = rayon::join(
            || self.check_utf8_part(bytes, 0, half, step),
            || self.check_utf8_part(bytes, half, bytes.len(), step),
        );
        first && second
    }

    /// Checks `bytes[start..end]` (both on character boundaries) as [`PagedText::check_utf8`].
    fn check_utf8_part(&self, bytes: &[u8], mut start: usize, end: usize, step: usize) -> bool {
        while start < end {
            let stop = char_boundary_after(bytes, (start + step).min(end)).min(end);
            if simdutf8::basic::from_utf8(&bytes[start..stop]).is_err() {
                return false;
            }
            release(self.at, start, stop);
            start = stop;
        }
        true
    }
}

/// The first offset at or after `at` that does not fall inside a UTF-8 sequence (at most three
/// continuation bytes on), or the end. In bytes that are not UTF-8 any offset serves: the check
/// fails either way.
fn char_boundary_after(bytes: &[u8], at: usize) -> usize {
    let mut end = at.min(bytes.len());
    let limit = (end + 3).min(bytes.len());
    while end < limit && bytes[end] & 0xC0 == 0x80 {
        end += 1;
    }
    end
}

impl Drop for PagedText {
    fn drop(&mut self) {
        let mut mappings = lock();
        mappings.retain(|&m| m != (self.at, self.len));
        sys::unmap(self.at, self.len);
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<(usize, usize)>> {
    MAPPINGS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Drops the resident pages of bytes `from..to` of the mapping at `at`, if it is a live
/// mapping: only whole pages inside the range.
fn release(at: usize, from: usize, to: usize) {
    let page = sys::page_size();
    let start = (at + from).next_multiple_of(page);
    let end = (at + to) / page * page;
    if end <= start {
        return;
    }
    let mappings = lock();
    if mappings
        .iter()
        .any(|&(m, len)| start >= m && end <= m + len)
    {
        sys::drop_pages(start, end - start);
        RELEASED.fetch_add(end - start, Ordering::Relaxed);
    }
}

/// One reader's place in a text: the pages more than a step behind it are released as it moves
/// on. Does nothing for a text that is not paged (read into memory).
pub(crate) struct Behind {
    at: usize,
    len: usize,
    /// Everything before this offset is released; `usize::MAX` for a text not paged.
    released: usize,
    step: usize,
}

impl Behind {
    /// A reader starting at `from` in `text`.
    pub(crate) fn new(text: &(impl AsRef<[u8]> + ?Sized), from: usize) -> Behind {
        let text = text.as_ref();
        let (at, len) = (text.as_ptr() as usize, text.len());
        let paged = lock().iter().any(|&(m, l)| at >= m && at + len <= m + l);
        Behind {
            at,
            len,
            released: if paged { from } else { usize::MAX },
            step: STEP.load(Ordering::Relaxed),
        }
    }

    /// The reader has reached byte `offset`.
    #[inline]
    pub(crate) fn reached(&mut self, offset: usize) {
        if offset >= self.released.saturating_add(2 * self.step) {
            let to = (offset - self.step).min(self.len);
            release(self.at, self.released, to);
            self.released = to;
        }
    }

    /// The number of `\n` in `text[from..to]` and the offset just past the last one, counted a
    /// window at a time, releasing the pages behind (`text` is the text this reader is in).
    pub(crate) fn count_lines(
        &mut self,
        text: &[u8],
        from: usize,
        to: usize,
    ) -> (usize, Option<usize>) {
        const WINDOW: usize = 1 << 20;
        let (mut count, mut last, mut pos) = (0, None, from);
        while pos < to {
            let end = (pos + WINDOW).min(to);
            for nl in memchr::memchr_iter(b'\n', &text[pos..end]) {
                count += 1;
                last = Some(pos + nl + 1);
            }
            pos = end;
            self.reached(pos);
        }
        (count, last)
    }

    /// The reader is done with everything before byte `offset`: it is all released, not only
    /// what is a step behind (a reader of one part of the text, among others reading the rest).
    pub(crate) fn done_before(&mut self, offset: usize) {
        if offset > self.released {
            let to = offset.min(self.len);
            release(self.at, self.released, to);
            self.released = to;
        }
    }

    /// The reader has reached the string `s`, borrowed from the text (else nothing happens).
    #[inline]
    pub(crate) fn reached_str(&mut self, s: &str) {
        let offset = (s.as_ptr() as usize).wrapping_sub(self.at);
        // A string owned elsewhere (a key unescaped into a buffer) says nothing of the place.
        if offset <= self.len {
            self.reached(offset);
        }
    }
}

/// The system calls, each in its own function with the reason it is sound.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod sys {
    use std::os::fd::RawFd;

    use super::PagedText;

    /// `fcntl`'s command to choose the signal of a lease break (Linux's `F_SETSIG`, which the
    /// `libc` crate does not name on every target).
    const F_SETSIG: libc::c_int = 10;

    /// Takes a read lease on `fd`, its break signalled by `SIGURG` (ignored by default).
    pub(super) fn take_read_lease(fd: RawFd) -> bool {
        // SAFETY: fcntl on a file descriptor the caller owns and keeps open; neither command
        // touches memory.
        unsafe {
            libc::fcntl(fd, F_SETSIG, libc::SIGURG) == 0
                && libc::fcntl(fd, libc::F_SETLEASE, libc::F_RDLCK) == 0
        }
    }

    /// Maps `len` bytes of `fd` read-only and private: the address.
    pub(super) fn map(fd: RawFd, len: usize) -> Option<usize> {
        // SAFETY: a new mapping chosen by the kernel (address null), so no existing memory is
        // affected; read-only, so no write through it can reach the file.
        let at = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                fd,
                0,
            )
        };
        (at != libc::MAP_FAILED).then_some(at as usize)
    }

    /// Unmaps a mapping made by [`map`], once nothing borrows from it (its owner is dropped).
    pub(super) fn unmap(at: usize, len: usize) {
        // SAFETY: `at..at + len` is a mapping made by `map` whose owner is being dropped: no
        // borrow of its bytes outlives the owner.
        unsafe {
            libc::munmap(at as *mut libc::c_void, len);
        }
    }

    /// Drops the resident pages of `at..at + len`, a page-aligned range inside a live mapping.
    pub(super) fn drop_pages(at: usize, len: usize) {
        // SAFETY: the range is inside a private read-only file mapping (checked by the caller
        // under the lock that unmapping takes): its pages hold no private changes, so the next
        // access reads the same bytes from the file again.
        unsafe {
            libc::madvise(at as *mut libc::c_void, len, libc::MADV_DONTNEED);
        }
    }

    /// The bytes of a live mapping, borrowed from its owner.
    pub(super) fn bytes(paged: &PagedText) -> &[u8] {
        // SAFETY: `at..at + len` is the mapping `paged` owns and unmaps only when dropped, after
        // this borrow; the lease keeps writers out, so the bytes do not change while borrowed.
        unsafe { std::slice::from_raw_parts(paged.at as *const u8, paged.len) }
    }

    /// The text of a live mapping that `PagedText::open` checked to be UTF-8.
    pub(super) fn checked_text(paged: &PagedText) -> &str {
        // SAFETY: as for `bytes`; and `PagedText::open` checked every byte is UTF-8 before
        // handing the mapping out.
        unsafe { std::str::from_utf8_unchecked(bytes(paged)) }
    }

    /// The size of a memory page.
    pub(super) fn page_size() -> usize {
        // SAFETY: sysconf reads a constant of the system.
        let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        usize::try_from(size).unwrap_or(4096).max(1)
    }
}

/// Elsewhere than Linux nothing is paged: files are read the plain way.
#[cfg(not(target_os = "linux"))]
mod sys {
    use std::os::fd::RawFd;

    use super::PagedText;

    pub(super) fn take_read_lease(_: RawFd) -> bool {
        false
    }
    pub(super) fn map(_: RawFd, _: usize) -> Option<usize> {
        None
    }
    pub(super) fn unmap(_: usize, _: usize) {}
    pub(super) fn drop_pages(_: usize, _: usize) {}
    pub(super) fn bytes(_: &PagedText) -> &[u8] {
        &[]
    }
    pub(super) fn checked_text(_: &PagedText) -> &str {
        ""
    }
    pub(super) fn page_size() -> usize {
        4096
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;

    use super::*;

    /// A file holding `text`, closed (a file open for writing takes no lease).
    fn file_of(text: &[u8]) -> tempfile::TempPath {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text).unwrap();
        file.into_temp_path()
    }

    #[test]
    fn a_writer_waits_while_the_text_is_paged() {
        let file = file_of(b"{\"entities\": []}");
        let paged = PagedText::open(&file).expect("a lease on our own file");
        assert_eq!(paged.text(), "{\"entities\": []}");
        // The lease makes an open for writing wait; without waiting, it is refused. (The break
        // it starts is signalled with SIGURG, which does not end this process as SIGIO would.)
        let write = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&file);
        assert_eq!(
            write.map(|_| ()).unwrap_err().kind(),
            std::io::ErrorKind::WouldBlock
        );
        assert_eq!(paged.text(), "{\"entities\": []}", "unchanged");
    }

    #[test]
    fn a_file_open_for_writing_or_not_utf8_is_not_paged() {
        let file = file_of(b"{\"entities\": []}");
        let writer = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .unwrap();
        assert!(PagedText::open(&file).is_none(), "no lease while written");
        drop(writer);
        assert!(PagedText::open(&file).is_some());
        assert!(PagedText::open(&file_of(b"")).is_none(), "empty");
        let bad = file_of(b"{\"a\": \"\xff\"}");
        assert!(PagedText::open(&bad).is_none(), "not UTF-8");
    }

    /// The check runs in two halves split after the middle: wherever the middle falls in a
    /// character, UTF-8 is accepted and anything else refused.
    #[test]
    fn utf8_is_checked_in_halves_split_on_a_character() {
        for len in 1..24 {
            for pad in 0..4 {
                let text = format!("{}{}", "a".repeat(pad), "€😀é".repeat(len));
                assert!(
                    PagedText::open(&file_of(text.as_bytes())).is_some(),
                    "{text}"
                );
                let bytes = text.as_bytes();
                let middle = bytes.len() / 2;
                let boundary = char_boundary_after(bytes, middle);
                assert!(text.is_char_boundary(boundary) && boundary - middle <= 3);
                // A continuation byte out of place, on either side of the middle.
                for at in [
                    middle.saturating_sub(1),
                    middle,
                    (middle + 1).min(bytes.len() - 1),
                ] {
                    let mut bad = bytes.to_vec();
                    bad[at] = 0x80;
                    if std::str::from_utf8(&bad).is_err() {
                        assert!(PagedText::open(&file_of(&bad)).is_none(), "{bad:?}");
                    }
                }
            }
        }
    }

    /// The UTF-8 check leaves no page of the file resident behind it (a streaming reader after
    /// it must not start with the whole file mapped).
    #[test]
    fn the_utf8_check_releases_what_it_read() {
        let page = sys::page_size();
        let file = file_of("é".repeat(32 * page).as_bytes());
        let paged = PagedText::open(&file).unwrap();
        // The mapping's resident size, from the kernel's own account of this process's
        // mappings (other tests releasing pages at the same time do not count here).
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let header = format!("{:x}-", paged.at);
        let resident_kb: usize = smaps
            .lines()
            .skip_while(|l| !l.starts_with(&header))
            .find_map(|l| l.strip_prefix("Rss:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("the mapping is listed");
        assert!(
            resident_kb * 1024 <= 2 * page,
            "{resident_kb} kB of {} kB still resident after the check",
            paged.len / 1024
        );
        assert_eq!(paged.text(), "é".repeat(32 * page));
    }

    #[test]
    fn pages_are_released_behind_a_reader_and_read_again_unchanged() {
        let page = sys::page_size();
        let text: String = (0..64 * page)
            .map(|i| (b'a' + (i % 26) as u8) as char)
            .collect();
        let file = file_of(text.as_bytes());
        let paged = PagedText::open(&file).unwrap();
        let mut behind = Behind::new(paged.text(), 0);
        behind.step = 4 * page;
        let before = pages_released();
        behind.reached(40 * page);
        assert!(
            pages_released() >= before + 36 * page,
            "released behind the reader"
        );
        assert_eq!(
            paged.text(),
            text,
            "released pages read the same bytes again"
        );
        // A string that is not in the text moves nothing.
        let released = behind.released;
        behind.reached_str(&"x".repeat(8));
        assert_eq!(behind.released, released, "an owned string is not a place");
        // A text read into memory is never released.
        let mut not_paged = Behind::new(&text, 0);
        not_paged.reached(text.len());
        assert_eq!(not_paged.released, usize::MAX);
    }
}
