/*
 * The libcrypto functions jossl calls: exact prototypes from OpenSSL 3's headers.
 *
 * scripts/gen-bindings.py turns this list into org.jossl.internal.ffi.LibCrypto; the test
 * BindingSignatureTest compiles it against the installed headers, so a prototype that disagrees
 * with OpenSSL (other than in const qualifiers, which changed between 3.x releases) fails, and
 * so does a function the installed headers do not declare, unless a trailing comment
 * "since 3.N" (after any "critical" marker) says it is newer than the installed OpenSSL.
 * A trailing comment "critical" marks a short call that never calls back into Java.
 */
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/comp.h>

/* --- Library and version --- */
unsigned long OpenSSL_version_num(void);
const char *OpenSSL_version(int type);
unsigned int OPENSSL_version_major(void);
unsigned int OPENSSL_version_minor(void);
unsigned int OPENSSL_version_patch(void);
int OPENSSL_init_crypto(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings);
const char *OPENSSL_info(int type);

/* --- Error queue --- */
unsigned long ERR_get_error_all(const char **file, int *line, const char **func, const char **data, int *flags); /* critical */
unsigned long ERR_peek_error(void); /* critical */
unsigned long ERR_peek_last_error(void); /* critical */
void ERR_clear_error(void); /* critical */
const char *ERR_lib_error_string(unsigned long e);
const char *ERR_reason_error_string(unsigned long e);
const char *ERR_func_error_string(unsigned long e);
void ERR_error_string_n(unsigned long e, char *buf, size_t len);
int ERR_set_mark(void); /* critical */
int ERR_pop_to_mark(void); /* critical */
int ERR_clear_last_mark(void); /* critical */
void ERR_new(void);
void ERR_set_debug(const char *file, int line, const char *func);

/* --- Memory --- */
void CRYPTO_free(void *ptr, const char *file, int line);
void *CRYPTO_malloc(size_t num, const char *file, int line);

/* --- Memory BIOs --- */
BIO *BIO_new(const BIO_METHOD *type);
const BIO_METHOD *BIO_s_mem(void);
const BIO_METHOD *BIO_s_file(void);
BIO *BIO_new_mem_buf(const void *buf, int len);
int BIO_free(BIO *a);
int BIO_read(BIO *b, void *data, int dlen); /* critical-heap */
int BIO_write(BIO *b, const void *data, int dlen); /* critical-heap */
long BIO_ctrl(BIO *bp, int cmd, long larg, void *parg);
size_t BIO_ctrl_pending(BIO *b); /* critical */
BUF_MEM *BUF_MEM_new(void);
void BUF_MEM_free(BUF_MEM *a);
int BIO_gets(BIO *bp, char *buf, int size);
int BIO_puts(BIO *bp, const char *buf);

/* --- Stacks --- */
int OPENSSL_sk_num(const OPENSSL_STACK *); /* critical */
void *OPENSSL_sk_value(const OPENSSL_STACK *, int); /* critical */
OPENSSL_STACK *OPENSSL_sk_new_null(void);
int OPENSSL_sk_push(OPENSSL_STACK *st, const void *data);
void OPENSSL_sk_free(OPENSSL_STACK *);
void OPENSSL_sk_pop_free(OPENSSL_STACK *st, void (*func)(void *));

/* --- Objects --- */
int OBJ_obj2txt(char *buf, int buf_len, const ASN1_OBJECT *a, int no_name);
ASN1_OBJECT *OBJ_txt2obj(const char *s, int no_name);
int OBJ_obj2nid(const ASN1_OBJECT *o);
ASN1_OBJECT *OBJ_nid2obj(int n);
const char *OBJ_nid2sn(int n);
const char *OBJ_nid2ln(int n);
int OBJ_txt2nid(const char *s);
int OBJ_sn2nid(const char *s);
int OBJ_ln2nid(const char *s);
int i2t_ASN1_OBJECT(char *buf, int buf_len, const ASN1_OBJECT *a);
int OBJ_cmp(const ASN1_OBJECT *a, const ASN1_OBJECT *b);
void ASN1_OBJECT_free(ASN1_OBJECT *a);

/* --- ASN1 strings, integers, times --- */
int ASN1_STRING_to_UTF8(unsigned char **out, const ASN1_STRING *in);
const unsigned char *ASN1_STRING_get0_data(const ASN1_STRING *x);
int ASN1_STRING_length(const ASN1_STRING *x);
int ASN1_STRING_type(const ASN1_STRING *x);
ASN1_STRING *ASN1_STRING_type_new(int type);
int ASN1_STRING_set(ASN1_STRING *str, const void *data, int len);
void ASN1_STRING_free(ASN1_STRING *a);
ASN1_OCTET_STRING *ASN1_OCTET_STRING_new(void);
void ASN1_OCTET_STRING_free(ASN1_OCTET_STRING *a);
ASN1_INTEGER *ASN1_INTEGER_new(void);
void ASN1_INTEGER_free(ASN1_INTEGER *a);
ASN1_ENUMERATED *ASN1_ENUMERATED_new(void);
void ASN1_ENUMERATED_free(ASN1_ENUMERATED *a);
ASN1_TIME *ASN1_TIME_new(void);
void ASN1_TIME_free(ASN1_TIME *a);
void ASN1_GENERALIZEDTIME_free(ASN1_GENERALIZEDTIME *a);
int ASN1_OCTET_STRING_set(ASN1_OCTET_STRING *str, const unsigned char *data, int len);
BIGNUM *ASN1_INTEGER_to_BN(const ASN1_INTEGER *ai, BIGNUM *bn);
ASN1_INTEGER *BN_to_ASN1_INTEGER(const BIGNUM *bn, ASN1_INTEGER *ai);
int i2a_ASN1_INTEGER(BIO *bp, const ASN1_INTEGER *a);
int ASN1_INTEGER_get_int64(int64_t *pr, const ASN1_INTEGER *a);
int ASN1_INTEGER_set_int64(ASN1_INTEGER *a, int64_t r);
int ASN1_ENUMERATED_set(ASN1_ENUMERATED *a, long v);
long ASN1_ENUMERATED_get(const ASN1_ENUMERATED *a);
ASN1_TIME *ASN1_TIME_set(ASN1_TIME *s, time_t t);
ASN1_TIME *ASN1_TIME_adj(ASN1_TIME *s, time_t t, int offset_day, long offset_sec);
int ASN1_TIME_print(BIO *bp, const ASN1_TIME *tm);
ASN1_GENERALIZEDTIME *ASN1_TIME_to_generalizedtime(const ASN1_TIME *t, ASN1_GENERALIZEDTIME **out);
int ASN1_TIME_set_string_X509(ASN1_TIME *s, const char *str);
int ASN1_TIME_check(const ASN1_TIME *t);
int ASN1_TIME_to_tm(const ASN1_TIME *s, struct tm *tm);
int X509_cmp_time(const ASN1_TIME *s, time_t *t);
int X509_cmp_current_time(const ASN1_TIME *s);

/* --- Big numbers --- */
BIGNUM *BN_new(void);
void BN_free(BIGNUM *a);
BIGNUM *BN_bin2bn(const unsigned char *s, int len, BIGNUM *ret);
int BN_bn2bin(const BIGNUM *a, unsigned char *to);
int BN_num_bits(const BIGNUM *a);
int BN_is_negative(const BIGNUM *b);
void BN_set_negative(BIGNUM *b, int n);
char *BN_bn2hex(const BIGNUM *a);

/* --- X.509 certificates --- */
X509 *X509_new(void);
void X509_free(X509 *a);
X509 *X509_dup(const X509 *a);
X509 *d2i_X509(X509 **a, const unsigned char **in, long len);
X509 *d2i_X509_bio(BIO *bp, X509 **x509);
int i2d_X509(const X509 *a, unsigned char **out);
X509 *PEM_read_bio_X509(BIO *out, X509 **x, pem_password_cb *cb, void *u);
int PEM_write_bio_X509(BIO *out, const X509 *x);
int X509_up_ref(X509 *x);
long X509_get_version(const X509 *x);
int X509_set_version(X509 *x, long version);
ASN1_INTEGER *X509_get_serialNumber(X509 *x);
const ASN1_INTEGER *X509_get0_serialNumber(const X509 *x);
int X509_set_serialNumber(X509 *x, ASN1_INTEGER *serial);
X509_NAME *X509_get_subject_name(const X509 *a);
X509_NAME *X509_get_issuer_name(const X509 *a);
int X509_set_subject_name(X509 *x, const X509_NAME *name);
int X509_set_issuer_name(X509 *x, const X509_NAME *name);
const ASN1_TIME *X509_get0_notBefore(const X509 *x);
const ASN1_TIME *X509_get0_notAfter(const X509 *x);
int X509_set1_notBefore(X509 *x, const ASN1_TIME *tm);
int X509_set1_notAfter(X509 *x, const ASN1_TIME *tm);
EVP_PKEY *X509_get_pubkey(X509 *x);
EVP_PKEY *X509_get0_pubkey(const X509 *x);
int X509_set_pubkey(X509 *x, EVP_PKEY *pkey);
int X509_get_signature_nid(const X509 *x);
int X509_digest(const X509 *data, const EVP_MD *type, unsigned char *md, unsigned int *len);
int X509_sign(X509 *x, EVP_PKEY *pkey, const EVP_MD *md);
int X509_verify(X509 *a, EVP_PKEY *r);
int X509_get_ext_count(const X509 *x);
X509_EXTENSION *X509_get_ext(const X509 *x, int loc);
int X509_add_ext(X509 *x, X509_EXTENSION *ex, int loc);
void *X509_get_ext_d2i(const X509 *x, int nid, int *crit, int *idx);
int X509_get_ext_by_NID(const X509 *x, int nid, int lastpos);
int X509_print_ex(BIO *bp, X509 *x, unsigned long nmflag, unsigned long cflag);
unsigned long X509_subject_name_hash(X509 *x);
unsigned long X509_issuer_name_hash(X509 *a);
int X509_check_ca(X509 *x);
int X509_check_issued(X509 *issuer, X509 *subject);
int X509_cmp(const X509 *a, const X509 *b);
int X509_check_host(X509 *x, const char *chk, size_t chklen, unsigned int flags, char **peername);
int X509_check_ip(X509 *x, const unsigned char *chk, size_t chklen, unsigned int flags);
int X509_check_ip_asc(X509 *x, const char *ipasc, unsigned int flags);
int X509_check_email(X509 *x, const char *chk, size_t chklen, unsigned int flags);
uint32_t X509_get_extension_flags(X509 *x);
uint32_t X509_get_key_usage(X509 *x);
uint32_t X509_get_extended_key_usage(X509 *x);
int X509_self_signed(X509 *cert, int verify_signature);
int X509_check_private_key(const X509 *x509, const EVP_PKEY *pkey);

/* --- X.509 names --- */
X509_NAME *X509_NAME_new(void);
void X509_NAME_free(X509_NAME *a);
X509_NAME *X509_NAME_dup(const X509_NAME *a);
void X509_NAME_ENTRY_free(X509_NAME_ENTRY *a);
int i2d_X509_NAME(const X509_NAME *a, unsigned char **out);
X509_NAME *d2i_X509_NAME(X509_NAME **a, const unsigned char **in, long len);
int X509_NAME_entry_count(const X509_NAME *name);
X509_NAME_ENTRY *X509_NAME_get_entry(const X509_NAME *name, int loc);
int X509_NAME_ENTRY_set(const X509_NAME_ENTRY *ne);
ASN1_OBJECT *X509_NAME_ENTRY_get_object(const X509_NAME_ENTRY *ne);
ASN1_STRING *X509_NAME_ENTRY_get_data(const X509_NAME_ENTRY *ne);
int X509_NAME_add_entry_by_NID(X509_NAME *name, int nid, int type, const unsigned char *bytes, int len, int loc, int set);
int X509_NAME_add_entry_by_OBJ(X509_NAME *name, const ASN1_OBJECT *obj, int type, const unsigned char *bytes, int len, int loc, int set);
int X509_NAME_add_entry_by_txt(X509_NAME *name, const char *field, int type, const unsigned char *bytes, int len, int loc, int set);
X509_NAME_ENTRY *X509_NAME_delete_entry(X509_NAME *name, int loc);
int X509_NAME_get_index_by_NID(const X509_NAME *name, int nid, int lastpos);
unsigned long X509_NAME_hash_ex(const X509_NAME *x, OSSL_LIB_CTX *libctx, const char *propq, int *ok);
unsigned long X509_NAME_hash_old(const X509_NAME *x);
int X509_NAME_cmp(const X509_NAME *a, const X509_NAME *b);
char *X509_NAME_oneline(const X509_NAME *a, char *buf, int size);
int X509_NAME_print_ex(BIO *out, const X509_NAME *nm, int indent, unsigned long flags);

/* --- Extensions and general names --- */
void X509_EXTENSION_free(X509_EXTENSION *a);
X509_EXTENSION *X509_EXTENSION_dup(const X509_EXTENSION *a);
X509_EXTENSION *d2i_X509_EXTENSION(X509_EXTENSION **a, const unsigned char **in, long len);
int i2d_X509_EXTENSION(const X509_EXTENSION *a, unsigned char **out);
void GENERAL_NAMES_free(GENERAL_NAMES *a);
void AUTHORITY_INFO_ACCESS_free(AUTHORITY_INFO_ACCESS *a);
void CRL_DIST_POINTS_free(CRL_DIST_POINTS *a);
void BASIC_CONSTRAINTS_free(BASIC_CONSTRAINTS *a);
ASN1_OBJECT *X509_EXTENSION_get_object(X509_EXTENSION *ex);
int X509_EXTENSION_get_critical(const X509_EXTENSION *ex);
ASN1_OCTET_STRING *X509_EXTENSION_get_data(X509_EXTENSION *ne);
X509_EXTENSION *X509_EXTENSION_create_by_OBJ(X509_EXTENSION **ex, const ASN1_OBJECT *obj, int crit, ASN1_OCTET_STRING *data);
X509_EXTENSION *X509_EXTENSION_create_by_NID(X509_EXTENSION **ex, int nid, int crit, ASN1_OCTET_STRING *data);
int X509V3_EXT_print(BIO *out, X509_EXTENSION *ext, unsigned long flag, int indent);
X509_EXTENSION *X509V3_EXT_nconf(CONF *conf, X509V3_CTX *ctx, const char *name, const char *value);
X509_EXTENSION *X509V3_EXT_nconf_nid(CONF *conf, X509V3_CTX *ctx, int ext_nid, const char *value);
void X509V3_set_ctx(X509V3_CTX *ctx, X509 *issuer, X509 *subject, X509_REQ *req, X509_CRL *crl, int flags);
int GENERAL_NAME_print(BIO *out, GENERAL_NAME *gen);
void *X509V3_EXT_d2i(X509_EXTENSION *ext);

/* --- Keys --- */
EVP_PKEY *EVP_PKEY_new(void);
void EVP_PKEY_free(EVP_PKEY *pkey);
int EVP_PKEY_up_ref(EVP_PKEY *pkey);
int EVP_PKEY_get_id(const EVP_PKEY *pkey);
int EVP_PKEY_get_base_id(const EVP_PKEY *pkey);
int EVP_PKEY_get_bits(const EVP_PKEY *pkey);
int EVP_PKEY_get_security_bits(const EVP_PKEY *pkey);
const char *EVP_PKEY_get0_type_name(const EVP_PKEY *key);
int EVP_PKEY_is_a(const EVP_PKEY *pkey, const char *name);
int EVP_PKEY_eq(const EVP_PKEY *a, const EVP_PKEY *b);
int EVP_PKEY_parameters_eq(const EVP_PKEY *a, const EVP_PKEY *b);
EVP_PKEY_CTX *EVP_PKEY_CTX_new_from_name(OSSL_LIB_CTX *libctx, const char *name, const char *propquery);
EVP_PKEY_CTX *EVP_PKEY_CTX_new_from_pkey(OSSL_LIB_CTX *libctx, EVP_PKEY *pkey, const char *propquery);
void EVP_PKEY_CTX_free(EVP_PKEY_CTX *ctx);
int EVP_PKEY_keygen_init(EVP_PKEY_CTX *ctx);
int EVP_PKEY_generate(EVP_PKEY_CTX *ctx, EVP_PKEY **ppkey);
int EVP_PKEY_CTX_set_rsa_keygen_bits(EVP_PKEY_CTX *ctx, int bits);
int EVP_PKEY_CTX_set_group_name(EVP_PKEY_CTX *ctx, const char *name);
int EVP_PKEY_check(EVP_PKEY_CTX *ctx);
int EVP_PKEY_public_check(EVP_PKEY_CTX *ctx);
int EVP_PKEY_private_check(EVP_PKEY_CTX *ctx);
int EVP_PKEY_pairwise_check(EVP_PKEY_CTX *ctx);
int EVP_PKEY_get_group_name(const EVP_PKEY *pkey, char *name, size_t name_sz, size_t *gname_len);
int EVP_PKEY_get_utf8_string_param(const EVP_PKEY *pkey, const char *key_name, char *str, size_t max_buf_sz, size_t *out_sz);
EVP_PKEY *PEM_read_bio_PrivateKey(BIO *out, EVP_PKEY **x, pem_password_cb *cb, void *u);
EVP_PKEY *PEM_read_bio_PUBKEY(BIO *out, EVP_PKEY **x, pem_password_cb *cb, void *u);
int PEM_write_bio_PrivateKey(BIO *out, const EVP_PKEY *x, const EVP_CIPHER *enc, const unsigned char *kstr, int klen, pem_password_cb *cb, void *u);
int PEM_write_bio_PUBKEY(BIO *out, const EVP_PKEY *x);
EVP_PKEY *d2i_PUBKEY(EVP_PKEY **a, const unsigned char **pp, long length);
EVP_PKEY *d2i_PUBKEY_bio(BIO *bp, EVP_PKEY **a);
int i2d_PUBKEY(const EVP_PKEY *a, unsigned char **pp);
int PEM_write_bio_PrivateKey_traditional(BIO *bp, const EVP_PKEY *x, const EVP_CIPHER *enc, const unsigned char *kstr, int klen, pem_password_cb *cb, void *u);
int PEM_write_bio_PKCS8PrivateKey(BIO *, const EVP_PKEY *, const EVP_CIPHER *, const char *kstr, int klen, pem_password_cb *cb, void *u);
EVP_PKEY *d2i_PrivateKey_bio(BIO *bp, EVP_PKEY **a);
EVP_PKEY *d2i_AutoPrivateKey(EVP_PKEY **a, const unsigned char **pp, long length);
int i2d_PrivateKey(const EVP_PKEY *a, unsigned char **pp);
int i2d_PKCS8PrivateKey_bio(BIO *bp, const EVP_PKEY *x, const EVP_CIPHER *enc, const char *kstr, int klen, pem_password_cb *cb, void *u);
int i2d_PKCS8PrivateKey_nid_bio(BIO *bp, const EVP_PKEY *x, int nid, const char *kstr, int klen, pem_password_cb *cb, void *u);
EVP_PKEY *d2i_PKCS8PrivateKey_bio(BIO *bp, EVP_PKEY **x, pem_password_cb *cb, void *u);
const EVP_CIPHER *EVP_get_cipherbyname(const char *name);
const EVP_MD *EVP_get_digestbyname(const char *name);
int EVP_MD_get_size(const EVP_MD *md);
const char *EVP_MD_get0_name(const EVP_MD *md);
const char *EVP_CIPHER_get0_name(const EVP_CIPHER *cipher);

/* --- X.509 stores and verification --- */
X509_STORE *X509_STORE_new(void);
void X509_STORE_free(X509_STORE *v);
int X509_STORE_up_ref(X509_STORE *v);
int X509_STORE_add_cert(X509_STORE *ctx, X509 *x);
int X509_STORE_add_crl(X509_STORE *ctx, X509_CRL *x);
int X509_STORE_set_flags(X509_STORE *ctx, unsigned long flags);
int X509_STORE_set1_param(X509_STORE *ctx, const X509_VERIFY_PARAM *pm);
X509_VERIFY_PARAM *X509_STORE_get0_param(const X509_STORE *ctx);
int X509_STORE_load_file(X509_STORE *ctx, const char *file);
int X509_STORE_load_path(X509_STORE *ctx, const char *path);
int X509_STORE_set_default_paths(X509_STORE *ctx);
struct stack_st_X509_OBJECT *X509_STORE_get0_objects(const X509_STORE *v);
X509_LOOKUP_TYPE X509_OBJECT_get_type(const X509_OBJECT *a);
X509 *X509_OBJECT_get0_X509(const X509_OBJECT *a);
X509_CRL *X509_OBJECT_get0_X509_CRL(const X509_OBJECT *a);
int X509_STORE_lock(X509_STORE *ctx);
int X509_STORE_unlock(X509_STORE *ctx);
X509_VERIFY_PARAM *X509_VERIFY_PARAM_new(void);
void X509_VERIFY_PARAM_free(X509_VERIFY_PARAM *param);
void X509_VERIFY_PARAM_set_time(X509_VERIFY_PARAM *param, time_t t);
int X509_VERIFY_PARAM_set_flags(X509_VERIFY_PARAM *param, unsigned long flags);
unsigned long X509_VERIFY_PARAM_get_flags(const X509_VERIFY_PARAM *param);
int X509_VERIFY_PARAM_clear_flags(X509_VERIFY_PARAM *param, unsigned long flags);
void X509_VERIFY_PARAM_set_depth(X509_VERIFY_PARAM *param, int depth);
int X509_VERIFY_PARAM_get_depth(const X509_VERIFY_PARAM *param);
int X509_VERIFY_PARAM_set1_host(X509_VERIFY_PARAM *param, const char *name, size_t namelen);
int X509_VERIFY_PARAM_set1_ip(X509_VERIFY_PARAM *param, const unsigned char *ip, size_t iplen);
int X509_VERIFY_PARAM_set1_ip_asc(X509_VERIFY_PARAM *param, const char *ipasc);
void X509_VERIFY_PARAM_set_hostflags(X509_VERIFY_PARAM *param, unsigned int flags);
int X509_VERIFY_PARAM_set_purpose(X509_VERIFY_PARAM *param, int purpose);
X509_STORE_CTX *X509_STORE_CTX_new(void);
void X509_STORE_CTX_free(X509_STORE_CTX *ctx);
int X509_STORE_CTX_init(X509_STORE_CTX *ctx, X509_STORE *trust_store, X509 *target, STACK_OF(X509) *untrusted);
void X509_STORE_CTX_cleanup(X509_STORE_CTX *ctx);
int X509_verify_cert(X509_STORE_CTX *ctx);
int X509_STORE_CTX_get_error(const X509_STORE_CTX *ctx);
void X509_STORE_CTX_set_error(X509_STORE_CTX *ctx, int s);
int X509_STORE_CTX_get_error_depth(const X509_STORE_CTX *ctx);
X509 *X509_STORE_CTX_get_current_cert(const X509_STORE_CTX *ctx);
X509_VERIFY_PARAM *X509_STORE_CTX_get0_param(const X509_STORE_CTX *ctx);
struct stack_st_X509 *X509_STORE_CTX_get1_chain(const X509_STORE_CTX *ctx);
void X509_STORE_CTX_set0_trusted_stack(X509_STORE_CTX *ctx, STACK_OF(X509) *sk);
const char *X509_verify_cert_error_string(long n);
const char *X509_get_default_cert_file(void);
const char *X509_get_default_cert_dir(void);
const char *X509_get_default_cert_file_env(void);
const char *X509_get_default_cert_dir_env(void);

/* --- CRLs --- */
X509_CRL *X509_CRL_new(void);
void X509_CRL_free(X509_CRL *a);
X509_CRL *d2i_X509_CRL(X509_CRL **a, const unsigned char **in, long len);
X509_CRL *d2i_X509_CRL_bio(BIO *bp, X509_CRL **crl);
int i2d_X509_CRL(const X509_CRL *a, unsigned char **out);
X509_CRL *PEM_read_bio_X509_CRL(BIO *out, X509_CRL **x, pem_password_cb *cb, void *u);
int PEM_write_bio_X509_CRL(BIO *out, const X509_CRL *x);
struct stack_st_X509_REVOKED *X509_CRL_get_REVOKED(X509_CRL *crl);
X509_REVOKED *X509_REVOKED_new(void);
void X509_REVOKED_free(X509_REVOKED *a);
int X509_CRL_up_ref(X509_CRL *crl);
int X509_CRL_set_version(X509_CRL *x, long version);
long X509_CRL_get_version(const X509_CRL *crl);
int X509_CRL_set_issuer_name(X509_CRL *x, const X509_NAME *name);
X509_NAME *X509_CRL_get_issuer(const X509_CRL *crl);
int X509_CRL_set1_lastUpdate(X509_CRL *x, const ASN1_TIME *tm);
int X509_CRL_set1_nextUpdate(X509_CRL *x, const ASN1_TIME *tm);
const ASN1_TIME *X509_CRL_get0_lastUpdate(const X509_CRL *crl);
const ASN1_TIME *X509_CRL_get0_nextUpdate(const X509_CRL *crl);
int X509_CRL_add0_revoked(X509_CRL *crl, X509_REVOKED *rev);
int X509_CRL_sort(X509_CRL *crl);
int X509_CRL_sign(X509_CRL *x, EVP_PKEY *pkey, const EVP_MD *md);
int X509_CRL_verify(X509_CRL *a, EVP_PKEY *r);
int X509_CRL_add1_ext_i2d(X509_CRL *x, int nid, void *value, int crit, unsigned long flags);
int X509_CRL_print(BIO *bp, X509_CRL *x);
int X509_REVOKED_set_serialNumber(X509_REVOKED *x, ASN1_INTEGER *serial);
int X509_REVOKED_set_revocationDate(X509_REVOKED *r, ASN1_TIME *tm);
const ASN1_INTEGER *X509_REVOKED_get0_serialNumber(const X509_REVOKED *x);
const ASN1_TIME *X509_REVOKED_get0_revocationDate(const X509_REVOKED *x);
int X509_REVOKED_add1_ext_i2d(X509_REVOKED *x, int nid, void *value, int crit, unsigned long flags);
void *X509_REVOKED_get_ext_d2i(const X509_REVOKED *x, int nid, int *crit, int *idx);
int X509_CRL_get0_by_serial(X509_CRL *crl, X509_REVOKED **ret, const ASN1_INTEGER *serial);

/* --- Random --- */
int RAND_bytes(unsigned char *buf, int num);
int RAND_status(void);
void RAND_add(const void *buf, int num, double randomness);
int RAND_priv_bytes(unsigned char *buf, int num);

/* --- Printing and digests of keys --- */
int EVP_PKEY_print_private(BIO *out, const EVP_PKEY *pkey, int indent, ASN1_PCTX *pctx);
int EVP_PKEY_print_public(BIO *out, const EVP_PKEY *pkey, int indent, ASN1_PCTX *pctx);
/* Deprecated in 3.0 but exported: pyOpenSSL's FILETYPE_TEXT dump of an RSA key is RSA_print's. */
RSA *EVP_PKEY_get1_RSA(EVP_PKEY *pkey);
int RSA_print(BIO *bp, const RSA *r, int offset);
void RSA_free(RSA *r);
/* Deprecated in 3.0 but exported: Python's load_dh_params reads exactly a DH PARAMETERS block. */
DH *PEM_read_bio_DHparams(BIO *out, DH **x, pem_password_cb *cb, void *u);
void DH_free(DH *dh);
int X509_pubkey_digest(const X509 *data, const EVP_MD *type, unsigned char *md, unsigned int *len);
int X509_CRL_digest(const X509_CRL *data, const EVP_MD *type, unsigned char *md, unsigned int *len);

/* --- CRL and revoked-entry extensions --- */
int X509_CRL_add_ext(X509_CRL *x, X509_EXTENSION *ex, int loc);
int X509_REVOKED_add_ext(X509_REVOKED *x, X509_EXTENSION *ex, int loc);

/* --- ex_data and BIO flags (for the TLS engine) --- */
int CRYPTO_get_ex_new_index(int class_index, long argl, void *argp, CRYPTO_EX_new *new_func, CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func);
void BIO_set_flags(BIO *b, int flags);
void BIO_clear_flags(BIO *b, int flags);
int BIO_test_flags(const BIO *b, int flags); /* critical */
int BIO_up_ref(BIO *a);
void *X509_STORE_CTX_get_ex_data(const X509_STORE_CTX *ctx, int idx);

/* --- Files and DH parameters (pyOpenSSL's Context.load_tmp_dh) --- */
BIO *BIO_new_file(const char *filename, const char *mode);
EVP_PKEY *PEM_read_bio_Parameters(BIO *bp, EVP_PKEY **x);

/* --- Python's ssl face: IP addresses and compression names --- */
ASN1_OCTET_STRING *a2i_IPADDRESS(const char *ipasc);
int COMP_get_type(const COMP_METHOD *meth);
