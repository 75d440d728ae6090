//! Many users dancing at once through the balancer.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::StreamExt;

use crate::dances::{Failure, Served, User};

/// What one user's dance came to.
pub struct Outcome {
    pub user: User,
    pub result: Result<Served, Failure>,
}

/// `users` dance through `balancer`, `concurrency` at a time; `done` counts finished dances
/// as they finish (for a test to act mid-load).
pub async fn dance_all(
    balancer: String,
    users: Vec<User>,
    concurrency: usize,
    done: Arc<AtomicUsize>,
) -> Vec<Outcome> {
    futures_util::stream::iter(users)
        .map(|user| {
            let (balancer, done) = (balancer.clone(), done.clone());
            async move {
                let result = user.dance(&balancer).await;
                done.fetch_add(1, Ordering::Relaxed);
                Outcome { user, result }
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await
}

/// Waits until `done` reaches `count`.
pub async fn until(done: &AtomicUsize, count: usize) {
    while done.load(Ordering::Relaxed) < count {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

/// Users `user-{from}` .. `user-{to}`.
pub fn users(from: usize, to: usize) -> Vec<User> {
    (from..to).map(|i| User::new(format!("user-{i}"))).collect()
}

/// The failures among `outcomes`.
pub fn failures(outcomes: &[Outcome]) -> Vec<&Failure> {
    outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().err())
        .collect()
}
