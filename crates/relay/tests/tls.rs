//! The relay and head office behind the deployed TLS configuration (deploy/nats/tls.conf): mutual
//! TLS plus per-store users. Certificates are made fresh for each run by a throwaway CA.

mod support;

use filiale_relay::Relay;
use filiale_relay::connect::ConnectFailure;
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use std::path::{Path, PathBuf};
use support::nats_server::{NatsServer, free_port};
use support::*;

/// A CA and the certificates it signed, written as PEM files into one folder.
struct Pki {
    dir: PathBuf,
}

struct Authority {
    cert: Certificate,
    key: KeyPair,
}

impl Authority {
    fn new(name: &str) -> Authority {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Authority { cert, key }
    }

    /// Writes `<name>-cert.pem` and `<name>-key.pem`, signed by this CA, into `dir`.
    fn issue(&self, dir: &Path, name: &str, purpose: ExtendedKeyUsagePurpose) {
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![purpose];
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
        std::fs::write(dir.join(format!("{name}-cert.pem")), cert.pem()).unwrap();
        std::fs::write(dir.join(format!("{name}-key.pem")), key.serialize_pem()).unwrap();
    }
}

impl Pki {
    /// The chain's CA, the server's certificate, one store's and head office's client certificates.
    fn new(dir: &Path) -> Pki {
        std::fs::create_dir_all(dir).unwrap();
        let ca = Authority::new("Filiale test CA");
        std::fs::write(dir.join("ca.pem"), ca.cert.pem()).unwrap();
        ca.issue(dir, "server", ExtendedKeyUsagePurpose::ServerAuth);
        ca.issue(dir, "store-001", ExtendedKeyUsagePurpose::ClientAuth);
        ca.issue(dir, "hq", ExtendedKeyUsagePurpose::ClientAuth);
        Pki {
            dir: dir.to_path_buf(),
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Starts deploy/nats/tls.conf with certificates from a fresh CA; returns the server and the CA's
/// files as the clients see them.
fn tls_server() -> (NatsServer, Pki, tempfile::TempDir) {
    let client_side = tempfile::tempdir().unwrap();
    let pki = Pki::new(&client_side.path().join("pki"));
    let server = NatsServer::start_deployed_with_files("tls.conf", free_port(), |etc| {
        // tls.conf names /etc/filiale-nats/tls/{ca,server-cert,server-key}.pem.
        let tls = etc.join("tls");
        std::fs::create_dir_all(&tls).unwrap();
        for name in ["ca.pem", "server-cert.pem", "server-key.pem"] {
            std::fs::copy(pki.file(name), tls.join(name)).unwrap();
        }
    });
    (server, pki, client_side)
}

/// store-001's relay settings with its password and, if asked, its client certificate.
fn store_config(
    server: &NatsServer,
    pki: &Pki,
    with_client_cert: bool,
) -> filiale_relay::NatsConfig {
    let mut c = config(&format!("tls://127.0.0.1:{}", server.port));
    c.user = Some("store-001".into());
    c.password = Some("store-001-example-password".into());
    c.relay.ack_timeout_ms = 2_000;
    c.tls.required = true;
    c.tls.ca_file = Some(pki.file("ca.pem"));
    if with_client_cert {
        c.tls.cert_file = Some(pki.file("store-001-cert.pem"));
        c.tls.key_file = Some(pki.file("store-001-key.pem"));
    }
    c
}

fn hq_config(server: &NatsServer, pki: &Pki) -> filiale_hq::config::HqConfig {
    let mut c = filiale_hq::config::HqConfig::default()
        .with_servers(&format!("tls://127.0.0.1:{}", server.port));
    c.nats.user = Some("hq".into());
    c.nats.password = Some("hq-example-password".into());
    c.nats.tls.required = true;
    c.nats.tls.ca_file = Some(pki.file("ca.pem"));
    c.nats.tls.cert_file = Some(pki.file("hq-cert.pem"));
    c.nats.tls.key_file = Some(pki.file("hq-key.pem"));
    c.consumer.pull_wait_ms = 300;
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_travel_over_mutual_tls_and_head_office_reads_them_over_tls() {
    let (server, pki, _client_side) = tls_server();
    let (hq_client, consumer) = filiale_hq::consume::connect(&hq_config(&server, &pki))
        .await
        .unwrap_or_else(|e| panic!("{e:#}\nserver log:\n{}", server.log()));

    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 2);
    let last = sell(&store, &["A0000", "A0001"]);
    if let Err(error) = Relay::new(store.clone(), store_config(&server, &pki, true))
        .drain()
        .await
    {
        panic!("{error:#}\nserver log:\n{}", server.log());
    }
    assert_eq!(pending(&store), 0, "everything was published");

    let hq_js = async_nats::jetstream::new(hq_client);
    assert_eq!(stream_messages_in(&hq_js).await, last as u64);
    let mut db = filiale_hq::db::Database::open_sqlite(&dir.path().join("hq.sqlite")).unwrap();
    let report = filiale_hq::consume::pull_batch(
        &consumer,
        &mut db,
        1000,
        std::time::Duration::from_millis(300),
    )
    .await
    .unwrap();
    assert_eq!(
        report.messages as i64, last,
        "head office applied every event"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_without_a_client_certificate_gets_nothing_through() {
    let (server, pki, _client_side) = tls_server();
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 1);
    let last = sell(&store, &["A0000"]);

    let relay = Relay::new(store.clone(), store_config(&server, &pki, false));
    assert!(
        relay.drain().await.is_err(),
        "the server let a client in without a certificate"
    );
    assert_eq!(pending(&store), last, "nothing left the outbox");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_certificate_from_another_ca_is_refused_with_a_tls_error() {
    let (server, pki, client_side) = tls_server();
    // The relay trusts a different CA than the one that signed the server's certificate.
    let other = Pki::new(&client_side.path().join("other"));
    let mut wrong_ca = store_config(&server, &pki, true);
    wrong_ca.tls.ca_file = Some(other.file("ca.pem"));

    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("store.sqlite"), "store-001");
    add_articles(&store, 1);
    let last = sell(&store, &["A0000"]);
    let failure = filiale_relay::connect::connect(&wrong_ca, "store-001", None, None)
        .await
        .expect_err("connected to a server signed by an unknown CA");
    assert!(matches!(failure, ConnectFailure::Tls(_)), "{failure:?}");
    assert!(failure.to_string().contains("[nats.tls]"), "{failure}");
    assert!(
        failure.is_configuration(),
        "retrying will not fix a wrong CA"
    );

    assert!(Relay::new(store.clone(), wrong_ca).drain().await.is_err());
    assert_eq!(pending(&store), last, "nothing left the outbox");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_text_client_is_refused_by_the_tls_server() {
    let (server, _pki, _client_side) = tls_server();
    let mut plain = config(&server.url());
    plain.user = Some("store-001".into());
    plain.password = Some("store-001-example-password".into());
    // No CA configured: the system roots do not know the chain's CA, so no session comes up.
    assert!(
        filiale_relay::connect::connect(&plain, "store-001", None, None)
            .await
            .is_err()
    );
}
