/*
 * The libssl functions jossl calls: exact prototypes from OpenSSL 3's headers.
 * See libcrypto.h for how this list is used and checked.
 */
#include <openssl/ssl.h>
#include <openssl/srtp.h>
#include <openssl/comp.h>

/* --- Library and methods --- */
int OPENSSL_init_ssl(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings);
__owur const SSL_METHOD *TLS_method(void);
__owur const SSL_METHOD *TLS_client_method(void);
__owur const SSL_METHOD *TLS_server_method(void);
__owur const SSL_METHOD *DTLS_method(void);
__owur const SSL_METHOD *DTLS_client_method(void);
__owur const SSL_METHOD *DTLS_server_method(void);
/* Deprecated in 1.1.0 but exported: Python's fixed-version PROTOCOL_TLSv1* contexts use them. */
__owur const SSL_METHOD *TLSv1_method(void);
__owur const SSL_METHOD *TLSv1_1_method(void);
__owur const SSL_METHOD *TLSv1_2_method(void);

/* --- Contexts --- */
__owur SSL_CTX *SSL_CTX_new(const SSL_METHOD *meth);
void SSL_CTX_free(SSL_CTX *);
int SSL_CTX_up_ref(SSL_CTX *ctx);
long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
long SSL_CTX_callback_ctrl(SSL_CTX *, int, void (*)(void));
uint64_t SSL_CTX_set_options(SSL_CTX *ctx, uint64_t op);
uint64_t SSL_CTX_get_options(const SSL_CTX *ctx);
uint64_t SSL_CTX_clear_options(SSL_CTX *ctx, uint64_t op);
__owur int SSL_CTX_set_ex_data(SSL_CTX *ssl, int idx, void *data);
void *SSL_CTX_get_ex_data(const SSL_CTX *ssl, int idx);
__owur int SSL_CTX_get_security_level(const SSL_CTX *ctx);
void SSL_CTX_set_security_level(SSL_CTX *ctx, int level);
__owur X509_VERIFY_PARAM *SSL_CTX_get0_param(SSL_CTX *ctx);
__owur int SSL_CTX_set_cipher_list(SSL_CTX *, const char *str);
__owur int SSL_CTX_set_ciphersuites(SSL_CTX *ctx, const char *str);
struct stack_st_SSL_CIPHER *SSL_CTX_get_ciphers(const SSL_CTX *ctx);
__owur int SSL_CTX_set_session_id_context(SSL_CTX *ctx, const unsigned char *sid_ctx, unsigned int sid_ctx_len);
__owur long SSL_CTX_set_timeout(SSL_CTX *ctx, long t);
__owur long SSL_CTX_get_timeout(const SSL_CTX *ctx);
int SSL_CTX_set_num_tickets(SSL_CTX *ctx, size_t num_tickets);
size_t SSL_CTX_get_num_tickets(const SSL_CTX *ctx);
void SSL_CTX_set_post_handshake_auth(SSL_CTX *ctx, int val);
__owur int SSL_CTX_set_alpn_protos(SSL_CTX *ctx, const unsigned char *protos, unsigned int protos_len);
__owur int SSL_CTX_set_tlsext_use_srtp(SSL_CTX *ctx, const char *profiles);

/* --- Context verification and trust --- */
void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, SSL_verify_cb callback);
__owur int SSL_CTX_get_verify_mode(const SSL_CTX *ctx);
void SSL_CTX_set_verify_depth(SSL_CTX *ctx, int depth);
__owur int SSL_CTX_get_verify_depth(const SSL_CTX *ctx);
__owur int SSL_CTX_load_verify_locations(SSL_CTX *ctx, const char *CAfile, const char *CApath);
__owur int SSL_CTX_load_verify_file(SSL_CTX *ctx, const char *CAfile);
__owur int SSL_CTX_load_verify_dir(SSL_CTX *ctx, const char *CApath);
__owur int SSL_CTX_set_default_verify_paths(SSL_CTX *ctx);
struct stack_st_X509_NAME *SSL_load_client_CA_file(const char *file);
struct stack_st_X509_NAME *SSL_CTX_get_client_CA_list(const SSL_CTX *s);
__owur X509_STORE *SSL_CTX_get_cert_store(const SSL_CTX *);
void SSL_CTX_set_cert_store(SSL_CTX *, X509_STORE *);
void SSL_CTX_set_client_CA_list(SSL_CTX *ctx, STACK_OF(X509_NAME) *name_list);
__owur int SSL_CTX_add_client_CA(SSL_CTX *ctx, X509 *x);

/* --- Context certificates and keys --- */
__owur int SSL_CTX_use_certificate(SSL_CTX *ctx, X509 *x);
__owur int SSL_CTX_use_certificate_file(SSL_CTX *ctx, const char *file, int type);
__owur int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file);
__owur int SSL_CTX_use_PrivateKey(SSL_CTX *ctx, EVP_PKEY *pkey);
__owur int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type);
__owur int SSL_CTX_check_private_key(const SSL_CTX *ctx);
void SSL_CTX_set_default_passwd_cb(SSL_CTX *ctx, pem_password_cb *cb);
void SSL_CTX_set_default_passwd_cb_userdata(SSL_CTX *ctx, void *u);
__owur X509 *SSL_CTX_get0_certificate(const SSL_CTX *ctx);
__owur EVP_PKEY *SSL_CTX_get0_privatekey(const SSL_CTX *ctx);
int SSL_CTX_set0_tmp_dh_pkey(SSL_CTX *ctx, EVP_PKEY *dhpkey);

/* --- Context callbacks --- */
void SSL_CTX_set_info_callback(SSL_CTX *ctx, void (*cb)(const SSL *ssl, int type, int val));
void SSL_CTX_set_msg_callback(SSL_CTX *ctx, void (*cb)(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg));
void SSL_CTX_set_alpn_select_cb(SSL_CTX *ctx, SSL_CTX_alpn_select_cb_func cb, void *arg);
__owur int SSL_select_next_proto(unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned int inlen, const unsigned char *client, unsigned int client_len);
void SSL_CTX_set_keylog_callback(SSL_CTX *ctx, SSL_CTX_keylog_cb_func cb);
void SSL_CTX_set_cookie_generate_cb(SSL_CTX *ctx, int (*app_gen_cookie_cb)(SSL *ssl, unsigned char *cookie, unsigned int *cookie_len));
void SSL_CTX_set_cookie_verify_cb(SSL_CTX *ctx, int (*app_verify_cookie_cb)(SSL *ssl, const unsigned char *cookie, unsigned int cookie_len));
void SSL_CTX_sess_set_new_cb(SSL_CTX *ctx, int (*new_session_cb)(struct ssl_st *ssl, SSL_SESSION *sess));
void SSL_CTX_sess_set_remove_cb(SSL_CTX *ctx, void (*remove_session_cb)(struct ssl_ctx_st *ctx, SSL_SESSION *sess));
void SSL_CTX_set_psk_client_callback(SSL_CTX *ctx, SSL_psk_client_cb_func cb);
void SSL_CTX_set_psk_server_callback(SSL_CTX *ctx, SSL_psk_server_cb_func cb);
__owur int SSL_CTX_use_psk_identity_hint(SSL_CTX *ctx, const char *identity_hint);
void SSL_CTX_set_psk_find_session_callback(SSL_CTX *ctx, SSL_psk_find_session_cb_func cb);
void SSL_CTX_set_psk_use_session_callback(SSL_CTX *ctx, SSL_psk_use_session_cb_func cb);
void SSL_CTX_set_client_hello_cb(SSL_CTX *c, SSL_client_hello_cb_fn cb, void *arg);
__owur int SSL_get_ex_data_X509_STORE_CTX_idx(void);

/* --- Connections --- */
SSL *SSL_new(SSL_CTX *ctx);
void SSL_free(SSL *ssl);
int SSL_up_ref(SSL *s);
void SSL_set_bio(SSL *s, BIO *rbio, BIO *wbio);
__owur BIO *SSL_get_rbio(const SSL *s); /* critical */
__owur BIO *SSL_get_wbio(const SSL *s); /* critical */
__owur int SSL_set_fd(SSL *s, int fd);
void SSL_set_connect_state(SSL *s);
void SSL_set_accept_state(SSL *s);
__owur int SSL_is_server(const SSL *s);
__owur int SSL_do_handshake(SSL *s);
__owur int SSL_read_ex(SSL *ssl, void *buf, size_t num, size_t *readbytes);
__owur int SSL_peek_ex(SSL *ssl, void *buf, size_t num, size_t *readbytes);
__owur int SSL_write_ex(SSL *s, const void *buf, size_t num, size_t *written);
__owur int SSL_pending(const SSL *s); /* critical */
__owur int SSL_has_pending(const SSL *s); /* critical */
int SSL_shutdown(SSL *s);
__owur int SSL_get_shutdown(const SSL *ssl); /* critical */
void SSL_set_shutdown(SSL *ssl, int mode);
__owur int SSL_get_error(const SSL *s, int ret_code); /* critical */
__owur int SSL_want(const SSL *s); /* critical */
long SSL_ctrl(SSL *ssl, int cmd, long larg, void *parg);
long SSL_callback_ctrl(SSL *, int, void (*)(void));
uint64_t SSL_set_options(SSL *s, uint64_t op);
uint64_t SSL_get_options(const SSL *s);
uint64_t SSL_clear_options(SSL *s, uint64_t op);
__owur int SSL_set_ex_data(SSL *ssl, int idx, void *data);
void *SSL_get_ex_data(const SSL *ssl, int idx);
__owur SSL_CTX *SSL_get_SSL_CTX(const SSL *ssl);
SSL_CTX *SSL_set_SSL_CTX(SSL *ssl, SSL_CTX *ctx);
int SSL_is_init_finished(const SSL *s); /* critical */
int SSL_in_init(const SSL *s); /* critical */
int SSL_is_dtls(const SSL *s);
void SSL_set_read_ahead(SSL *s, int yes);
int SSL_renegotiate(SSL *s);
__owur int SSL_renegotiate_pending(const SSL *s);
int SSL_key_update(SSL *s, int updatetype);
int SSL_get_key_update_type(const SSL *s);
__owur ossl_ssize_t SSL_sendfile(SSL *s, int fd, off_t offset, size_t size, int flags);
void SSL_set_info_callback(SSL *ssl, void (*cb)(const SSL *ssl, int type, int val));
void SSL_set_msg_callback(SSL *ssl, void (*cb)(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg));
void SSL_set_post_handshake_auth(SSL *s, int val);
__owur int SSL_verify_client_post_handshake(SSL *s);
__owur int SSL_set_alpn_protos(SSL *ssl, const unsigned char *protos, unsigned int protos_len);
void SSL_get0_alpn_selected(const SSL *ssl, const unsigned char **data, unsigned int *len);
void SSL_set_psk_client_callback(SSL *ssl, SSL_psk_client_cb_func cb);
void SSL_set_psk_server_callback(SSL *ssl, SSL_psk_server_cb_func cb);
const char *SSL_get_psk_identity(const SSL *s);
const char *SSL_get_psk_identity_hint(const SSL *s);
__owur int SSL_clear(SSL *s);

/* --- Connection verification and certificates --- */
void SSL_set_verify(SSL *s, int mode, SSL_verify_cb callback);
__owur int SSL_get_verify_mode(const SSL *s);
__owur long SSL_get_verify_result(const SSL *ssl);
void SSL_set_verify_result(SSL *ssl, long v);
__owur X509_VERIFY_PARAM *SSL_get0_param(SSL *ssl);
__owur X509 *SSL_get1_peer_certificate(const SSL *s);
struct stack_st_X509 *SSL_get_peer_cert_chain(const SSL *s);
struct stack_st_X509 *SSL_get0_verified_chain(const SSL *s);
struct stack_st_X509_NAME *SSL_get_client_CA_list(const SSL *s);
__owur X509 *SSL_get_certificate(const SSL *ssl);
struct evp_pkey_st *SSL_get_privatekey(const SSL *ssl);
__owur int SSL_use_certificate(SSL *ssl, X509 *x);
__owur int SSL_use_PrivateKey(SSL *ssl, EVP_PKEY *pkey);
__owur const char *SSL_get0_peername(SSL *s);

/* --- Handshake information --- */
__owur const char *SSL_get_version(const SSL *s);
__owur int SSL_version(const SSL *ssl);
__owur const SSL_CIPHER *SSL_get_current_cipher(const SSL *s);
struct stack_st_SSL_CIPHER *SSL_get_ciphers(const SSL *s);
struct stack_st_SSL_CIPHER *SSL_get_client_ciphers(const SSL *s);
__owur const char *SSL_get_cipher_list(const SSL *s, int n);
__owur const char *SSL_CIPHER_get_name(const SSL_CIPHER *c);
__owur const char *SSL_CIPHER_standard_name(const SSL_CIPHER *c);
__owur const char *SSL_CIPHER_get_version(const SSL_CIPHER *c);
__owur int SSL_CIPHER_get_bits(const SSL_CIPHER *c, int *alg_bits);
__owur uint32_t SSL_CIPHER_get_id(const SSL_CIPHER *c);
__owur char *SSL_CIPHER_description(const SSL_CIPHER *, char *buf, int size);
__owur int SSL_CIPHER_is_aead(const SSL_CIPHER *c);
int SSL_CIPHER_get_cipher_nid(const SSL_CIPHER *c);
int SSL_CIPHER_get_digest_nid(const SSL_CIPHER *c);
__owur int SSL_CIPHER_get_kx_nid(const SSL_CIPHER *c);
__owur int SSL_CIPHER_get_auth_nid(const SSL_CIPHER *c);
__owur const char *SSL_get_servername(const SSL *s, const int type);
__owur int SSL_get_servername_type(const SSL *s);
__owur size_t SSL_get_client_random(const SSL *ssl, unsigned char *out, size_t outlen);
__owur size_t SSL_get_server_random(const SSL *ssl, unsigned char *out, size_t outlen);
size_t SSL_get_finished(const SSL *s, void *buf, size_t count);
size_t SSL_get_peer_finished(const SSL *s, void *buf, size_t count);
__owur int SSL_export_keying_material(SSL *s, unsigned char *out, size_t olen, const char *label, size_t llen, const unsigned char *context, size_t contextlen, int use_context);
__owur const char *SSL_state_string_long(const SSL *s);
__owur const char *SSL_state_string(const SSL *s);
const char *SSL_group_to_name(SSL *s, int id);
int SSL_get_peer_signature_type_nid(const SSL *s, int *pnid);
int SSL_get_signature_type_nid(const SSL *s, int *pnid);
__owur SRTP_PROTECTION_PROFILE *SSL_get_selected_srtp_profile(SSL *s);
__owur const COMP_METHOD *SSL_get_current_compression(const SSL *s);
__owur const char *SSL_COMP_get0_name(const SSL_COMP *comp);

/* --- Sessions --- */
__owur SSL_SESSION *SSL_get_session(const SSL *ssl);
__owur SSL_SESSION *SSL_get1_session(SSL *ssl);
__owur int SSL_set_session(SSL *to, SSL_SESSION *session);
__owur int SSL_session_reused(const SSL *s);
__owur SSL_SESSION *SSL_SESSION_new(void);
__owur SSL_SESSION *SSL_SESSION_dup(const SSL_SESSION *src);
void SSL_SESSION_free(SSL_SESSION *ses);
int SSL_SESSION_up_ref(SSL_SESSION *ses);
const unsigned char *SSL_SESSION_get_id(const SSL_SESSION *s, unsigned int *len);
__owur long SSL_SESSION_get_time(const SSL_SESSION *s);
__owur long SSL_SESSION_get_timeout(const SSL_SESSION *s);
__owur unsigned long SSL_SESSION_get_ticket_lifetime_hint(const SSL_SESSION *s);
__owur int SSL_SESSION_has_ticket(const SSL_SESSION *s);
__owur int SSL_SESSION_is_resumable(const SSL_SESSION *s);
__owur int SSL_SESSION_get_protocol_version(const SSL_SESSION *s);
__owur const SSL_CIPHER *SSL_SESSION_get0_cipher(const SSL_SESSION *s);
__owur const char *SSL_SESSION_get0_hostname(const SSL_SESSION *s);
__owur size_t SSL_SESSION_get_master_key(const SSL_SESSION *sess, unsigned char *out, size_t outlen);
__owur X509 *SSL_SESSION_get0_peer(SSL_SESSION *s);
__owur int i2d_SSL_SESSION(const SSL_SESSION *in, unsigned char **pp);
SSL_SESSION *d2i_SSL_SESSION(SSL_SESSION **a, const unsigned char **pp, long length);
int SSL_CTX_add_session(SSL_CTX *ctx, SSL_SESSION *session);
int SSL_CTX_remove_session(SSL_CTX *ctx, SSL_SESSION *session);

/* --- DTLS --- */
int DTLSv1_listen(SSL *s, BIO_ADDR *client);
__owur size_t DTLS_get_data_mtu(const SSL *s);
BIO_ADDR *BIO_ADDR_new(void);
void BIO_ADDR_free(BIO_ADDR *);

/* --- Added after OpenSSL 3.0 (looked up optionally; checked against headers that have them) --- */
const char *SSL_get0_group_name(SSL *s); /* since 3.2 */
int SSL_get0_signature_name(SSL *ssl, const char **sigalg); /* since 3.5 */
int SSL_get0_peer_signature_name(const SSL *ssl, const char **sigalg); /* since 3.5 */
