// sqlx decodes consent-purpose identifiers only as `Stored<…>`.

use purpose_bound::{Marketing, PhoneNumber};
use sqlx::{Sqlite, SqlitePool};

async fn newsletter(pool: &SqlitePool) -> sqlx::Result<PhoneNumber<Marketing>> {
    sqlx::query_scalar::<Sqlite, PhoneNumber<Marketing>>("SELECT marketing_phone FROM users")
        .fetch_one(pool)
        .await
}

fn main() {}
