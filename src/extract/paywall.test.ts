import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectWall, isConsentLine, isPitchLine, nonConsentChars, type WallEvidence } from './paywall.js';

const evidence = (
  pageText: string,
  articleChars: number,
  more: Partial<WallEvidence> = {},
): WallEvidence => ({
  title: 'Le conseil approuve le ferry de nuit',
  pageText,
  articleChars,
  nonConsentChars: articleChars,
  pitchLines: 0,
  declaredPaywall: false,
  ...more,
});

test('subscription pitches are recognised beyond English and German', () => {
  for (const line of [
    'Cet article est réservé aux abonnés. Déjà abonné ? Se connecter',
    'Il vous reste 78 % de cet article à lire.',
    'Contenido exclusivo para suscriptores. Suscríbete para seguir leyendo.',
    'Articolo riservato agli abbonati',
    'Conteúdo exclusivo para assinantes',
    'Dit artikel is alleen voor abonnees. Word abonnee',
    'Exklusiv für Abonnenten – bereits Abonnent?',
  ])
    assert.ok(isPitchLine(line), line);
  assert.equal(isPitchLine('Les abonnés du ferry de nuit paieront 3 euros.'), false);
  assert.equal(isPitchLine('El club de lectura se reúne cada jueves.'), false);
  for (const prose of [
    'Netflix hæver prisen for abonnenter i Danmark fra 1. marts.',
    'Spotify höjer priset för prenumeranter i Sverige.',
    'La piscina será solo para socios del club a partir de julio.',
    'Il faudra attendre plusieurs mois pour lire la suite du rapport.',
    'Lees verder met de plannen voor de nieuwe haven.',
  ])
    assert.equal(isPitchLine(prose), false, prose);
});

test('a French teaser with a pitch is a paywall; a long article mentioning subscribers is not', () => {
  const teaser =
    'Le conseil municipal a approuvé jeudi un service de ferry de nuit. Cet article est réservé aux abonnés.';
  assert.equal(detectWall(evidence(teaser, 400)), 'paywall');
  const long = 'Le conseil municipal a approuvé jeudi un service de ferry de nuit. '.repeat(40);
  assert.equal(detectWall(evidence(long, long.length)), undefined);
});

test('consent dialogs are recognised in Spanish, French and Dutch, and a short article under one is kept', () => {
  assert.ok(
    isConsentLine(
      'Utilizamos cookies propias y de terceros y tratamos datos personales con nuestros socios.',
    ),
  );
  assert.ok(
    isConsentLine('Nous et nos partenaires utilisons des cookies pour stocker des données personnelles.'),
  );
  assert.ok(isConsentLine('Wij en onze partners vragen uw toestemming om persoonsgegevens te verwerken.'));
  assert.equal(
    isConsentLine('El ayuntamiento aprobó el ferry nocturno con el apoyo de los socios del club.'),
    false,
  );
  assert.equal(isConsentLine('Los socios del club aprobaron por consenso la nueva cuota.'), false);
  assert.equal(isConsentLine('Die Partner einigten sich auf neue Regeln zum Datenschutz.'), false);
  const dialog = 'Utilizamos cookies propias y de terceros. Aceptar todo. Configurar.';
  assert.equal(detectWall(evidence(dialog, 90, { nonConsentChars: 20 })), 'consent');
  const article = 'El ayuntamiento aprobó el jueves un servicio de transbordador nocturno. '.repeat(12);
  assert.equal(detectWall(evidence(`${dialog}\n${article}`, article.length)), undefined);
});

test('characters outside consent lines are counted exactly while they could still make a wall', () => {
  const consent = 'We and our partners use cookies and process personal data with your consent.';
  assert.equal(nonConsentChars([consent, 'Short text.']), 'Short text.'.length);
  const long = 'The harbor board approved the night ferry. '.repeat(30);
  assert.ok(nonConsentChars([long, long, consent]) >= 500);
});

test('a bot check is a bare interstitial, not a short post on a site whose comment form asks for a captcha', () => {
  const interstitial =
    'Checking your browser before accessing harbour-news.example. Please complete the CAPTCHA to continue.';
  assert.equal(detectWall(evidence(interstitial, 0)), 'bot-check');
  const site = [
    'Home News Sport Opinion Weather Contact',
    'Three photos from the harbour parade.',
    ...Array.from({ length: 80 }, (_, i) => `Related: Harbour parade story number ${i + 1} from the archive`),
    'Leave a comment. Your email address will not be published. Please type the captcha below.',
    'About us Advertise Privacy Terms',
  ].join('\n');
  assert.ok(site.length > 3_000);
  assert.equal(detectWall(evidence(site, 240)), undefined);
});
