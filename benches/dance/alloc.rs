//! A counting global allocator: how many allocations (and bytes) a process made.
//!
//! Each thread counts in its own cache line, so counting adds no contention between the server's
//! workers (a shared counter would bounce between cores and slow both apps down).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting.
pub struct Counting;

const SLOTS: usize = 64;

#[repr(align(128))]
struct Slot {
    allocations: AtomicU64,
    bytes: AtomicU64,
}

static COUNTS: [Slot; SLOTS] = [const {
    Slot {
        allocations: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
    }
}; SLOTS];

static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static MY_SLOT: Cell<usize> = const { Cell::new(usize::MAX) };
}

fn slot() -> &'static Slot {
    let index = MY_SLOT
        .try_with(|mine| {
            if mine.get() == usize::MAX {
                mine.set(NEXT_SLOT.fetch_add(1, Relaxed) % SLOTS);
            }
            mine.get()
        })
        .unwrap_or(SLOTS - 1);
    &COUNTS[index]
}

fn count(size: usize) {
    let slot = slot();
    slot.allocations.fetch_add(1, Relaxed);
    slot.bytes.fetch_add(size as u64, Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Allocations and allocated bytes so far, in this process.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct AllocCount {
    pub allocations: u64,
    pub bytes: u64,
}

pub fn snapshot() -> AllocCount {
    COUNTS
        .iter()
        .fold(AllocCount::default(), |sum, slot| AllocCount {
            allocations: sum.allocations + slot.allocations.load(Relaxed),
            bytes: sum.bytes + slot.bytes.load(Relaxed),
        })
}

/// The route at which a consumer app answers its [`snapshot`].
pub const STATS: &str = "/__bench/allocations";

pub async fn stats() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(snapshot())
}
